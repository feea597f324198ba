"""The JSON API, read-only: published national aggregates, a municipality's own results
and SKL's published reference means. Each view asks lookups.py what the viewer may
see and selectors.py for the figures."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from reports.api import selectors
from reports.api.lookups import (
    municipality_for_viewer,
    round_for_municipality,
    round_for_national,
    viewer_is_staff,
)
from reports.api.serializers import (
    ErrorSerializer,
    MunicipalityResultsSerializer,
    NationalSerializer,
    ReferenceSerializer,
    RoundSerializer,
)
from reports.selectors.reference import reference_means
from reports.selectors.snapshots import viewer_snapshots

YEAR = OpenApiParameter(
    "year",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("Omgångens år, t.ex. 2025."),
)
CODE = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern="^[0-9]{4}$",
    description=gettext_lazy("Kommunkoden, fyra siffror."),
)
NOT_FOUND = {404: ErrorSerializer}
# Every endpoint: anonymous clients past the limit (settings.REST_FRAMEWORK), with Retry-After.
THROTTLED = {
    429: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy(
            "För många anrop från samma adress; headern Retry-After säger om hur många "
            "sekunder det går igen."
        ),
    )
}


class ReadableYamlRenderer(OpenApiYamlRenderer):
    """The schema as YAML labelled text/plain: a browser shows it instead of downloading a
    file it does not know. Clients that ask for application/vnd.oai.openapi (or
    ?format=json) get what they ask for."""

    media_type = "text/plain"
    format = "text"


class SchemaView(SpectacularAPIView):
    renderer_classes = [ReadableYamlRenderer, OpenApiYamlRenderer, OpenApiJsonRenderer]


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root(request: Request) -> Response:
    return Response(
        {
            "rounds": reverse("api_rounds", request=request),
            "reference": reverse("api_reference", request=request),
            "schema": reverse("api_schema", request=request),
            "docs": reverse("api_docs", request=request),
        }
    )


@extend_schema(
    operation_id="rounds_list",
    summary=gettext_lazy("Enkätomgångar"),
    description=gettext_lazy("Publicerade omgångar; nationell personal ser alla."),
    responses={200: RoundSerializer(many=True), **THROTTLED},
)
@api_view(["GET"])
def rounds(request: Request) -> Response:
    visible = selectors.rounds_visible(staff=viewer_is_staff(request))
    return Response(RoundSerializer(visible, many=True, context={"request": request}).data)


@extend_schema(
    operation_id="round_national",
    summary=gettext_lazy("Riksresultat för en omgång"),
    description=gettext_lazy(
        "Medelvärden med n, standardavvikelse och svarsfördelning per indikator, hörnsten "
        "och totalt, för alla svarande och för panelerna, och uppdelat på kommunstorlek, län, "
        "kommungrupp och svarandens roll. Öppet när omgången är publicerad. Grupper med "
        "färre kommuner än tröskelvärdet visas utan medelvärde."
    ),
    parameters=[YEAR],
    responses={200: NationalSerializer, **NOT_FOUND, **THROTTLED},
)
@api_view(["GET"])
def national(request: Request, year: str) -> Response:
    survey_round = round_for_national(request, year)
    staff = viewer_is_staff(request)
    snapshot = viewer_snapshots(survey_round, viewer_is_staff=staff).figures
    figures = selectors.national_figures(
        snapshot, questionnaire_id=survey_round.questionnaire_id, staff=staff
    )
    data = {
        "round": survey_round,
        "snapshot": snapshot,
        "small_group_threshold": settings.SMALL_GROUP_THRESHOLD,
        **figures,
    }
    return Response(NationalSerializer(data).data)


@extend_schema(
    operation_id="round_municipality",
    summary=gettext_lazy("En kommuns egna resultat"),
    description=gettext_lazy(
        "Kommunens värde per indikator, hörnsten och totalt med rang, percentil, "
        "föregående omgångs värde och riksmedelvärdet. För kommunens medlemmar och "
        "nationell personal."
    ),
    parameters=[YEAR, CODE],
    responses={200: MunicipalityResultsSerializer, **NOT_FOUND, **THROTTLED},
)
@api_view(["GET"])
def municipality(request: Request, year: str, code: str) -> Response:
    chosen = municipality_for_viewer(request, code)
    survey_round = round_for_municipality(year)
    snapshots = viewer_snapshots(survey_round, viewer_is_staff=viewer_is_staff(request))
    results = selectors.municipality_results(
        snapshots,
        chosen,
        questionnaire_id=survey_round.questionnaire_id,
        staff=viewer_is_staff(request),
    )
    if results is None:
        raise NotFound(
            _("Kommunen har inga beräknade resultat i omgången %(year)s.") % {"year": year}
        )
    data = {
        "round": survey_round,
        "municipality": chosen,
        "snapshot": snapshots.figures,
        **results,
    }
    return Response(MunicipalityResultsSerializer(data).data)


@extend_schema(
    operation_id="reference_list",
    summary=gettext_lazy("Publicerade riksmedelvärden 2006 och 2007"),
    description=gettext_lazy(
        "De riksmedelvärden SKL publicerade för 2006 och 2007, avrundade till en decimal: "
        "alla svarande och de kommuner där samma person svarade båda åren."
    ),
    responses={200: ReferenceSerializer, **THROTTLED},
)
@api_view(["GET"])
def reference(request: Request) -> Response:
    data = {
        "note": _("Publicerade siffror, avrundade till en decimal som i källan."),
        "figures": reference_means(),
    }
    return Response(ReferenceSerializer(data).data)


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request: Request, path: str = "") -> Response:
    raise NotFound(_("Det finns ingen sådan adress i API:t."))
