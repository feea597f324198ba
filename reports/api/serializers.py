"""What the API returns. Output only: the API is read-only."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from reports.models import Dimension, Level, Population, SnapshotKind
from surveys.models import RoundStatus


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Vad som gick fel, på svenska."))


class QuestionnaireSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    version = serializers.IntegerField()
    title = serializers.CharField(source="title_sv")


class RoundBriefSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RoundStatus.choices)


class RoundSerializer(RoundBriefSerializer):
    questionnaire = QuestionnaireSerializer()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    published_at = serializers.DateTimeField(allow_null=True)
    previous_round = serializers.IntegerField(
        source="previous_round.year", allow_null=True, default=None
    )
    submitted_responses = serializers.IntegerField(
        source="submitted_count", help_text=_("Inskickade officiella svar i omgången.")
    )
    reported_responses = serializers.IntegerField(
        source="reported_count",
        allow_null=True,
        help_text=_("Svar som den senaste beräkningen av resultaten bygger på."),
    )
    national_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_national_url(self, survey_round) -> str:
        return reverse(
            "api_round_national", args=[survey_round.year], request=self.context.get("request")
        )


class DistributionSerializer(serializers.Serializer):
    value_1 = serializers.IntegerField(help_text=_("Antal som svarat 1 (inte alls)."))
    value_2 = serializers.IntegerField(help_text=_("Antal som svarat 2 (i viss omfattning)."))
    value_3 = serializers.IntegerField(help_text=_("Antal som svarat 3 (i stor omfattning)."))
    value_4 = serializers.IntegerField(help_text=_("Antal som svarat 4 (fullt ut)."))
    dont_know = serializers.IntegerField(help_text=_("Antal som svarat vet ej."))


class StatSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text=_("Antal kommuner med ett värde."))
    mean = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(allow_null=True, help_text=_("Standardavvikelse."))
    distribution = DistributionSerializer(
        allow_null=True, help_text=_("Svarsfördelningen; bara för indikatorer.")
    )
    suppressed = serializers.BooleanField(
        help_text=_("Sant när gruppen är för liten för att visas (medelvärdet döljs).")
    )


class FigureSerializer(StatSerializer):
    population = serializers.ChoiceField(choices=Population.choices)
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    group = serializers.CharField(allow_blank=True, help_text=_("Gruppens nyckel; tom för riket."))
    group_label = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    code = serializers.CharField()
    label = serializers.CharField()


class SnapshotSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=SnapshotKind.choices,
        help_text=_(
            "computed: beräknat nu (nationell personal); released: släppt, det andra ser av "
            "en opublicerad omgång; published: fastställt när omgången publicerades."
        ),
    )
    computed_at = serializers.DateTimeField(source="figures_at", allow_null=True)
    responses = serializers.IntegerField(help_text=_("Svar som siffrorna bygger på."))
    released_at = serializers.DateTimeField(
        source="nation_release.released_at",
        allow_null=True,
        default=None,
        help_text=_(
            "När riksgruppens siffror senast släpptes; de flyttas fram först när minst "
            "tröskelvärdet nya eller ändrade svar kommit in. Null utom för släppta siffror."
        ),
    )


class NationalSerializer(serializers.Serializer):
    round = RoundBriefSerializer()
    snapshot = SnapshotSerializer(
        allow_null=True, help_text=_("Den beräkning siffrorna kommer från; null om ingen finns.")
    )
    small_group_threshold = serializers.IntegerField()
    nation = FigureSerializer(many=True)
    breakdowns = FigureSerializer(many=True)


class MunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    county = serializers.CharField(source="county.name")
    size_band = serializers.CharField()
    skr_group = serializers.CharField()


class ScoreSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    code = serializers.CharField()
    label = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    dont_know = serializers.BooleanField()
    rank = serializers.IntegerField(allow_null=True)
    ranked = serializers.IntegerField(help_text=_("Antal kommuner som rangordnats."))
    percentile = serializers.FloatField(
        allow_null=True, help_text=_("Andel kommuner med lägre värde, 0–100.")
    )
    previous_score = serializers.FloatField(allow_null=True)
    previous_dont_know = serializers.BooleanField()
    national = StatSerializer(allow_null=True, help_text=_("Riket, alla svarande."))


class MunicipalityResultsSerializer(serializers.Serializer):
    round = RoundBriefSerializer()
    municipality = MunicipalitySerializer()
    snapshot = SnapshotSerializer(
        allow_null=True,
        help_text=_(
            "Siffrorna om andra kommuner kommer härifrån; null tills tillräckligt många "
            "har svarat för att något ska släppas."
        ),
    )
    in_panel = serializers.BooleanField(help_text=_("Svarade även föregående omgång."))
    same_respondent = serializers.BooleanField(help_text=_("Samma person svarade båda omgångarna."))
    scores = ScoreSerializer(many=True)


class ReferenceFigureSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    population = serializers.ChoiceField(choices=Population.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    code = serializers.CharField()
    mean = serializers.FloatField()
    n = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()


class ReferenceSerializer(serializers.Serializer):
    note = serializers.CharField()
    figures = ReferenceFigureSerializer(many=True)
