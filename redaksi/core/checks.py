"""Start-up checks of the settings dicts: a bad backend or option stops `manage.py check`, runserver and migrate."""

from django.core import checks
from django.utils.module_loading import autodiscover_modules

from . import backends
from .conf import Options


@checks.register(checks.Tags.compatibility)
def backends_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    configured = backends.configured()
    if not isinstance(configured, dict):
        return [checks.Error(f"{backends.SETTING} must be a dict of aliases.", id="redaksi.E001")]
    return [
        checks.Error(message, id="redaksi.E001")
        for alias, config in configured.items()
        for message in backends.config_errors(alias, config)
    ]


@checks.register(checks.Tags.compatibility)
def options_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    # Each app declares its dict in its own conf.py; importing them here keeps core free of imports of apps.
    autodiscover_modules("conf")
    return [
        checks.Error(message, id="redaksi.E002")
        for options in Options.declared.values()
        for message in options.errors()
    ]
