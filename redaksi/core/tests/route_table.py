"""Every route against every role: the answer each named route owes each visitor (issue 13).

One row per route, keyed `namespace:name`. test_route_matrix.py walks the URL resolver and visits each
route as each visitor (route_world.VISITORS) with each method, on an object of the visitor's office, one
of another office and an id no database holds, and compares the answer with the row:

- visitors in `who` are let in (2xx, a redirect that is not the login page, or a 400/409 for an empty
  form) on their own office's object; everyone else is refused (403, 404, or the login page for
  anonymous); a method not in `methods` is 405 for those let in; nothing is ever a 500;
- `obj` names the kind of object an id route is about (a key of route_world.World.ids); then another
  office's object is refused to everyone but the visitors in `foreign` (default: no one), and an id no
  database holds is a 404 for those let in;
- `absent` (a reason): the route's key or token names nothing in the test world, so those let in get 404;
- `answer`: what those let in get, when it is not "ok" (signing out lands on the login page);
- `any_method` (a reason): those let in may get their answer whatever the method (Django's own views
  that redirect a signed-in visitor before looking at the method);
- a POST without its CSRF token is a 403, unless the row says why the route is exempt (`csrf_exempt`);
- `finding` marks a known hole, written as the answer that is wrong today: wrong methods are answered
  like right ones instead of 405. The matrix tolerates it, and the end of the matrix test fails (like a
  strict xfail) the day the hole is closed, naming the row whose `finding=` must then go.

Adding a route is one line here, in its app's group, e.g.
    "social:connect": admin("GET", "POST"),
"""

from dataclasses import dataclass

from .route_world import ADMINS, STAFF, VISITORS

READ = ("GET", "HEAD")
FORM = ("GET", "HEAD", "POST")
# Django's form views (FormView / LoginView) treat PUT as POST: harmless, but written down.
DJANGO_FORM = ("GET", "HEAD", "POST", "PUT")
POST = ("POST",)

# Who holds which role of the Bengkalis SOP among the visitors (acting: Plt. kabag).
ROLE_HOLDERS = {
    "staf-pengolah-data": ("reporter", "reporter2", "acting"),
    "kasubag": ("editor",),
    "kabag": ("head", "acting"),
    "staf-admin": ("admin",),
}
OFFICE_ADMINS = ("office_admin", "other_admin")


@dataclass(frozen=True)
class Row:
    who: frozenset[str]
    methods: tuple[str, ...]
    obj: str | None = None
    foreign: frozenset[str] = frozenset()
    csrf_exempt: str = ""
    absent: str = ""
    any_method: str = ""
    answer: str = "ok"
    finding: str = ""

    def but(self, **changes) -> "Row":
        return Row(**{**self.__dict__, **changes})


def public(*methods: str, **kw) -> Row:
    """Anyone, signed in or not."""
    return Row(frozenset(VISITORS), methods or READ, **kw)


def login(*methods: str, **kw) -> Row:
    """Any member of staff; anonymous visitors are sent to the login page."""
    return Row(frozenset(STAFF), methods or READ, **kw)


def admin(*methods: str, **kw) -> Row:
    """System administrators (is_staff): of this office, of another, of the installation."""
    return Row(frozenset(ADMINS), methods or READ, **kw)


def roles(*codes: str, methods: tuple[str, ...] = READ, also: tuple[str, ...] = (), **kw) -> Row:
    """Holders of these SOP roles (Plt./Plh. included), and the visitors in `also`."""
    who = {v for code in codes for v in ROLE_HOLDERS[code]} | set(also)
    return Row(frozenset(who), methods, **kw)


def only(*visitors: str, methods: tuple[str, ...] = READ, **kw) -> Row:
    """Exactly these visitors (route_world.VISITORS)."""
    return Row(frozenset(visitors), methods, **kw)


ROUTES: dict[str, Row] = {}

NO_DRAFT = "the SOP has no draft open"
NO_405 = "answers a wrong method (PUT, DELETE) like GET instead of 405: no method guard on the view"

ROUTES.update(
    {
        # Signing in and out, passwords: the forms anyone reaches.
        "set_language": public("GET", "POST", "PUT", "DELETE"),  # Django's: redirects back, whatever the method
        "accounts:login": public(*DJANGO_FORM, any_method="a signed-in visitor is sent on to the desk"),
        "accounts:logout": public("POST", answer="login"),
        "accounts:password_change": login(*DJANGO_FORM),
        "accounts:password_reset": public(*DJANGO_FORM),
        "accounts:password_reset_done": public(),
        "accounts:password_reset_complete": public(),
        "accounts:password_reset_confirm": public(*DJANGO_FORM, any_method="Django redirects to the form first"),
        # Users, roles, acting officials: system administrators only, each in their own office.
        "accounts:user_list": admin(),
        "accounts:user_create": admin(*FORM),
        "accounts:user_edit": admin(*FORM, obj="user"),
        "accounts:role_list": admin(),
        "accounts:role_edit": admin(*FORM, obj="role"),
        "accounts:appointment_list": admin(),
        "accounts:appointment_create": admin(*FORM),
        "accounts:appointment_end": admin("POST", obj="appointment"),
        # Second factor and sessions: each person's own.
        "accounts:twofactor:security": login(),
        "accounts:twofactor:setup": login(*FORM),
        "accounts:twofactor:backup_codes": login(*FORM),
        "accounts:twofactor:backup_codes_download": login(),
        "accounts:twofactor:remove": login("POST"),
        "accounts:twofactor:login_code": login(*FORM),  # anonymous, before the password step: to the login page
        "accounts:twofactor:locked_login": public(*FORM),
        "accounts:twofactor:admin_reset": admin("POST", obj="user"),
        "accounts:session_list": login(),
        "accounts:session_status": login(),
        "accounts:session_extend": login("POST"),
        "accounts:session_end_others": login("POST"),
        "accounts:session_end": login("POST", absent="no other session of the visitor has the id"),
        "core:home": login(),
        # SOPs: every member of the office reads its own; the PDF may be made in the background (202).
        "sop:list": login(),
        "sop:document": login(obj="sop"),
        "sop:version": login(obj="sop_version"),
        "sop:pdf": login(obj="sop"),
        "sop:version_pdf": login(obj="sop_version"),
        # The audit record: the installation's administrator only.
        "audit:list": only("installation"),
        "audit:csv": only("installation"),
        "audit:verify": only("installation", methods=POST),
        # The newsroom. The world's item waits at step 1 (writing), with its writer `reporter`.
        "newsroom:desk": login(),
        "newsroom:board": login(),
        "newsroom:item_create": roles("staf-pengolah-data", methods=FORM),
        "newsroom:item_import": login("POST"),
        "newsroom:item": only("reporter", obj="item"),  # a draft is its writer's alone: 404 to all others
        "newsroom:item_edit": only("reporter", methods=FORM, obj="item"),
        "newsroom:preview": only("reporter", obj="item"),
        "newsroom:compare": only("reporter", obj="item", absent="a draft has no earlier version to compare"),
        "newsroom:step": only("reporter", methods=POST, obj="step"),
        "newsroom:take": only("reporter", methods=POST, obj="step"),
        "newsroom:urgent": only("reporter", methods=POST, obj="item"),
        "newsroom:schedule": only(methods=POST, obj="item"),  # no one schedules a draft
        "newsroom:takedown": only("reporter", methods=POST, obj="item"),
        # Pictures and video of an item (its writer's while a draft), galleries (the publishing role's).
        "media:item": only("reporter", obj="item"),
        "media:photo_upload": only("reporter", methods=POST, obj="item"),
        "media:photo": login(*FORM),
        "media:arrange": login("POST"),
        "media:gallery_create": only("reporter", methods=POST, obj="item"),
        "media:video_begin": only("reporter", methods=POST, obj="item"),
        "media:video": login(*FORM),
        "media:youtube": only("reporter", methods=POST, obj="item"),
        "media:upload": login("GET", "HEAD", "PUT", absent="no upload has the key"),
        "media:upload_finish": login("POST", absent="no upload has the key"),
        "media:upload_abort": only(methods=POST),  # an unknown key is refused (403)
        "media:gallery_list": only("admin"),
        "media:gallery_new": only("admin", methods=FORM),
        "media:gallery": only("admin", methods=FORM),
        "media:gallery_upload": only("admin", methods=POST),
        "media:gallery_library": only("admin", methods=FORM),
        "media:gallery_photo": only("admin", methods=FORM),
        "media:gallery_arrange": only("admin", methods=POST),
        "media:gallery_publish": only("admin", methods=POST),
        "media:file": public(absent="no file has the key"),
        # The public site's settings and its scanner: the administrator of the site's office.
        "public_staff:profile": only("office_admin", methods=FORM),
        "public_staff:scan": only("office_admin"),
        "public_staff:scan_review": only("office_admin", methods=POST),
        # Notices, approval links, softcopies.
        "notify:inbox": login(),
        "notify:read": login("POST"),
        "notify:preferences": login(*FORM),
        "notify:telegram_link": login("POST"),
        "notify:telegram_unlink": login("POST"),
        "notify:approval": public(*FORM, absent="no approval link has the token"),
        "notify:softcopy_pdf": login(),
        "notify:softcopy_eml": login(),
        "notify:verify": public(),
        # The installation's administrator withdraws links in any office; the draft's writer may not.
        "notify:links_revoke": only("installation", methods=POST, obj="item_id", foreign=frozenset({"installation"})),
        # Social media accounts and sharing.
        "social:accounts": admin(),
        "social:account_add": only(*OFFICE_ADMINS, methods=FORM),
        "social:account_edit": admin(*FORM),
        "social:account_token": admin("POST"),
        "social:account_test": admin("POST"),
        "social:act": only("reporter", methods=POST, obj="item"),
        "social:statuses": only("reporter", obj="item"),
        "social:followup": only("reporter", methods=POST, obj="item"),
        "social:card": public(absent="no card has the key"),
        "social:account_connect": admin("POST", absent="no social account has the id"),
        "social:connected": admin(),
        # Monitoring and evaluation: the SOP's deciding roles and the offices' administrators.
        "monitoring:dashboard": roles("kasubag", "kabag", also=OFFICE_ADMINS),
        "monitoring:dashboard_export": roles("kasubag", "kabag", also=OFFICE_ADMINS),
        "monitoring:items": roles("kasubag", "kabag", also=OFFICE_ADMINS),
        "monitoring:tabel7": roles("kasubag", "kabag", also=(*OFFICE_ADMINS, "installation")),
        "monitoring:round_open": roles(
            "kasubag", "kabag", also=ADMINS, methods=POST, absent="an empty form names no SOP"
        ),
        "monitoring:round": roles("kasubag", "kabag", also=ADMINS, methods=FORM),
        "monitoring:round_export": roles("kasubag", "kabag", also=ADMINS),
        "monitoring:evaluation": roles("kasubag", "kabag", also=OFFICE_ADMINS, methods=FORM),
        "monitoring:evaluation_detail": roles("kasubag", "kabag", also=ADMINS),
        "monitoring:evaluation_export": roles("kasubag", "kabag", also=ADMINS),
        # Revising an SOP: the office's administrators, each on their own office's SOPs.
        "monitoring:sop_index": admin(),  # the installation's administrator sees an empty list
        "monitoring:sop_editor": only(*OFFICE_ADMINS, methods=FORM, obj="sop"),
        "monitoring:sop_draft_open": only(*OFFICE_ADMINS, methods=POST, obj="sop"),
        "monitoring:sop_draft_preview": only(*OFFICE_ADMINS, obj="sop", absent=NO_DRAFT),
        "monitoring:sop_draft_publish": only(*OFFICE_ADMINS, methods=POST, obj="sop", absent=NO_DRAFT),
        "monitoring:sop_draft_discard": only(*OFFICE_ADMINS, methods=POST, obj="sop", absent=NO_DRAFT),
        "monitoring:sop_export": only(*OFFICE_ADMINS, obj="sop", absent="the version number is one no SOP has"),
        # The public site (the test world publishes none: its pages are 404, never a 500).
        "public:search": public(),
        "public:read": public("POST", csrf_exempt="a count of reads sent by the public page's script"),
        "public:home": public("GET", "HEAD", "POST", "PUT", "DELETE", absent="no site is published"),
        "public:file": public("GET", "HEAD", "POST", "PUT", "DELETE", absent="no site is published"),
    }
)
