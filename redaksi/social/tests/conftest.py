import pytest

from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.social.models import SocialAccount
from redaksi.social.networks import memory


@pytest.fixture(autouse=True)
def memory_client():
    memory.reset()
    yield memory
    memory.reset()


@pytest.fixture
def at_share(staff, office):
    """A published item waiting at step 8 (share) for the Staf Admin."""
    item = new_item(staff, office, title="Bupati Resmikan Jembatan & Jalan Desa", lead="Warga menyambut gembira.")
    return advance(item, staff, 8)


@pytest.fixture
def accounts(office):
    def make(network: str, name: str, *, required: bool = True, handle: str = "") -> SocialAccount:
        return SocialAccount.objects.create(
            office=office,
            network=network,
            name=name,
            backend="memory",
            options={"account": handle or network, "handle": handle or network},
            required=required,
        )

    return {
        "facebook": make("facebook", "Diskominfotik Bengkalis"),
        "x": make("x", "@diskominfotik"),
        "whatsapp": make("whatsapp", "Saluran Bengkalis"),
    }
