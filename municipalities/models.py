from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from common.validators import one_line


class SizeBand(models.TextChoices):
    """The report's five municipality sizes, by number of inhabitants."""

    UNDER_10K = "0-9999", _("0–9 999 invånare")
    FROM_10K = "10000-19999", _("10 000–19 999 invånare")
    FROM_20K = "20000-49999", _("20 000–49 999 invånare")
    FROM_50K = "50000-99999", _("50 000–99 999 invånare")
    FROM_100K = "100000-", _("100 000 invånare eller fler")


_BAND_LOWER_BOUNDS = [
    (0, SizeBand.UNDER_10K),
    (10_000, SizeBand.FROM_10K),
    (20_000, SizeBand.FROM_20K),
    (50_000, SizeBand.FROM_50K),
    (100_000, SizeBand.FROM_100K),
]


def _size_band_expression() -> Case:
    whens = [
        When(population__gte=lower, then=Value(band.value))
        for lower, band in reversed(_BAND_LOWER_BOUNDS[1:])
    ]
    return Case(*whens, default=Value(SizeBand.UNDER_10K.value))


class SkrGroup(models.TextChoices):
    """SKR's municipality groups (kommungruppsindelning 2023)."""

    A1 = "A1", _("A1 Storstäder")
    A2 = "A2", _("A2 Pendlingskommun nära storstad")
    B3 = "B3", _("B3 Större stad")
    B4 = "B4", _("B4 Pendlingskommun nära större stad")
    B5 = "B5", _("B5 Lågpendlingskommun nära större stad")
    C6 = "C6", _("C6 Mindre stad/tätort")
    C7 = "C7", _("C7 Pendlingskommun nära mindre stad/tätort")
    C8 = "C8", _("C8 Landsbygdskommun")
    C9 = "C9", _("C9 Landsbygdskommun med besöksnäring")


class Role(models.TextChoices):
    """A municipal user's role, which the report also breaks results down by."""

    KOMMUNCHEF = "kommunchef", _("Kommunchef / kommundirektör")
    IT_CHEF = "it-chef", _("IT-chef")
    INFORMATOR = "informator", _("Informatör / kommunikatör")
    EKONOM = "ekonom", _("Ekonom")
    ADMINISTRATOR = "administrator", _("Administratör")
    OVRIG = "ovrig", _("Övrig")


class County(models.Model):
    code = models.CharField(_("länskod"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")
        verbose_name_plural = _("län")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}$"), name="county_code_2_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("kommunkod"), max_length=4, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    population = models.PositiveIntegerField(_("folkmängd"))
    population_year = models.PositiveSmallIntegerField(_("folkmängd avser år"))
    skr_group = models.CharField(_("SKR:s kommungrupp"), max_length=2, choices=SkrGroup.choices)
    size_band = models.GeneratedField(
        expression=_size_band_expression(),
        output_field=models.CharField(max_length=12, choices=SizeBand.choices),
        db_persist=True,
        verbose_name=_("storleksklass"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        permissions = [("view_all_municipalities", _("Kan se alla kommuners uppgifter"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="municipality_code_4_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """Who receives the municipality's invitation: by default its chief executive."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="contact"
    )
    name = models.CharField(_("namn"), max_length=200, validators=[one_line])
    email = models.EmailField(_("e-postadress"))
    title = models.CharField(
        _("titel"), max_length=100, default="Kommunchef", validators=[one_line]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Membership(models.Model):
    """Links a user to the municipality whose data they may see and answer for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"
