"""What the newsroom tells notifications. Called inside the newsroom's transaction."""

from redaksi.newsroom.models import NewsItem, StepRun


def step_available(item: NewsItem, run: StepRun) -> None:
    """A step of `item` became available to its role (a handoff, or the approval step)."""
    from .services import on_step_available  # services import the newsroom's services, which import us

    on_step_available(item, run)
