from django_tasks import task


@task()
def echo(value: str) -> str:
    """The worker's proof of life: `manage.py worker_check` waits for this to come back."""
    return value
