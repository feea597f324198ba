import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from municipalities.access import NATIONAL_STAFF_GROUP
from municipalities.models import Contact, County, Membership, Municipality, Role, SkrGroup

PASSWORD = "korrekt-häst-batteri"


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{90 + n % 10:02d}")
    name = factory.LazyAttribute(lambda county: f"Testlän {county.code}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    # Four digits like a real code, however many a test run makes: above the real ones
    # (0114–2584) and below those that tests choose themselves (5000 and up).
    code = factory.Sequence(lambda n: f"{2600 + n % 2400:04d}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    county = factory.SubFactory(CountyFactory)
    population = 25_000
    population_year = 2024
    skr_group = SkrGroup.B4


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Karin Kommunchef"
    email = factory.Sequence(lambda n: f"kommunchef{n}@kommun.example")
    title = "Kommunchef"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.se")
    username = factory.LazyAttribute(lambda user: user.email)
    first_name = "Test"
    last_name = "Användare"
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.KOMMUNCHEF


def make_national_staff(user):
    user.groups.add(Group.objects.get(name=NATIONAL_STAFF_GROUP))
    return user
