import factory
from django.utils import timezone
from django_countries import countries as iso_countries
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessRequest, RequestStatus, Role, User
from countries.models import Country

PASSWORD = "correct horse battery staple"
ISO_CODES = [code for code, _ in iso_countries]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    full_name = factory.Faker("name")
    organisation = "Example Police"
    role = Role.OFFICIAL
    password = factory.django.Password(PASSWORD)


class VettedOfficialFactory(UserFactory):
    role = Role.OFFICIAL


class CorrespondentFactory(UserFactory):
    role = Role.CORRESPONDENT


class SecretariatFactory(UserFactory):
    role = Role.SECRETARIAT


class AccessRequestFactory(factory.django.DjangoModelFactory):
    """A request whose e-mail is confirmed, waiting for the secretariat."""

    class Meta:
        model = AccessRequest

    full_name = "Nina Newcomer"
    organisation = "Customs (demo)"
    state = "FR"
    function = "Officer"
    email = "nina@example.org"
    role = Role.OFFICIAL
    reason = "Deliveries through Le Havre"
    status = RequestStatus.PENDING
    confirmed_at = factory.LazyFunction(timezone.now)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: ISO_CODES[n % len(ISO_CODES)])
    coe_member = True
    pompidou_member = False
    osce_participant = True


def profile_with(country, *, by, reason="Initial content", **changes):
    """A profile written through the service, as a user would, with `changes` as content."""
    from countries.models import Profile
    from countries.services import profile_update

    current = Profile.objects.filter(country=country).first()
    return profile_update(
        country=country,
        changes=changes,
        by=by,
        reason=reason,
        expected_version=current.version if current else 0,
    )


def contact_for(country, *, by, **data):
    from countries.services import contact_create

    fields = {
        "role": "police_24_7",
        "organisation": "National Police",
        "phone": "+33199001234",
        "email": "desk@example.org",
        "available_24_7": True,
    }
    fields.update(data)
    return contact_create(country=country, data=fields, by=by, reason="Added")


def contact_changed(contact, *, by, reason="Changed", **changes):
    """The contact point's next version, with `changes`, as a correspondent saves it."""
    from countries.models import Contact
    from countries.services import contact_update

    current = Contact.objects.get(pk=contact.pk)
    return contact_update(
        contact=current, changes=changes, expected_version=current.version, by=by, reason=reason
    )
