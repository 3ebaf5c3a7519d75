"""An app's settings as one dict, like `STORAGES`: `REDAKSI_MEDIA`, `REDAKSI_NOTIFY`, `REDAKSI_PUBLIC`.

An app declares its dict once, in its `conf.py`, with every option and its default. A key the
declaration does not know is refused, both by the system check (`manage.py check`, run at start-up
by runserver, migrate and the install) and on first use, so a misspelt option never passes as
"the default".
"""

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

# A validator gets the merged dict and the option's value, and returns an error or "".
Validator = Callable[[Mapping[str, Any], Any], str]


class Options:
    """The declaration of one settings dict: its name, its options with their defaults, their validators."""

    declared: ClassVar[dict[str, "Options"]] = {}

    def __init__(self, setting: str, defaults: Mapping[str, Any], validators: Mapping[str, Validator] | None = None):
        unknown = set(validators or {}) - set(defaults)
        if unknown:
            raise ValueError(f"{setting}: validators for undeclared options {sorted(unknown)}")
        self.setting = setting
        self.defaults = dict(defaults)
        self.validators = dict(validators or {})
        self._values: dict[str, Any] | None = None
        Options.declared[setting] = self

    def configured(self) -> Any:
        return getattr(settings, self.setting, None) or {}

    def errors(self) -> list[str]:
        configured = self.configured()
        if not isinstance(configured, Mapping):
            return [f"{self.setting} must be a dict of options, not {type(configured).__name__}."]
        unknown = sorted(set(configured) - set(self.defaults))
        if unknown:
            known = ", ".join(sorted(self.defaults))
            return [f"{self.setting} has unknown options: {', '.join(unknown)} (known: {known})."]
        merged = {**self.defaults, **configured}
        problems = []
        for name, validate in self.validators.items():
            error = validate(merged, merged[name])
            if error:
                problems.append(f"{self.setting}[{name!r}]: {error}")
        return problems

    def values(self) -> dict[str, Any]:
        """The merged options, checked once (the renderer asks thousands of times); ImproperlyConfigured if bad."""
        if self._values is None:
            errors = self.errors()
            if errors:
                raise ImproperlyConfigured(errors[0])
            self._values = {**self.defaults, **self.configured()}
        return self._values

    def __getitem__(self, name: str) -> Any:
        return self.values()[name]


def _forget(**kwargs: Any) -> None:
    # A validator may read other settings (REDAKSI_BACKENDS, STORAGES): any change forgets every dict.
    for options in Options.declared.values():
        options._values = None


setting_changed.connect(_forget, dispatch_uid="redaksi.core.conf.forget")
