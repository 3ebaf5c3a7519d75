"""Background work: nothing here runs inside a request (the test profile runs it at once)."""

from django_tasks import task

from . import services


@task()
def render_photo(photo_id: int) -> None:
    services.photo_render(photo_id=photo_id)


@task()
def process_video(video_id: int, upload_key: str) -> None:
    services.video_process(video_id=video_id, upload_key=upload_key)
