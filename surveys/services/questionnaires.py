"""Writes of the surveys app."""

import hashlib
import json
from pathlib import Path

import yaml
from django.db import transaction

from surveys.models import (
    Cornerstone,
    Indicator,
    Questionnaire,
    QuestionnaireInUseError,
    ScaleLevel,
)

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent.parent / "data"


def questionnaire_files() -> list[Path]:
    return sorted(QUESTIONNAIRE_DIR.glob("*.yaml"))


@transaction.atomic
def questionnaire_load(*, path: Path) -> tuple[Questionnaire, bool]:
    """Create or update the questionnaire version a YAML file describes.

    Returns the questionnaire and whether anything changed. Loading the same file again
    changes nothing. A version a round uses is never changed: a differing file for it
    raises QuestionnaireInUseError (make a new version instead).
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    meta = data["questionnaire"]
    questionnaire = Questionnaire.objects.filter(slug=meta["slug"], version=meta["version"]).first()
    if questionnaire and questionnaire.source_digest == digest:
        return questionnaire, False
    if questionnaire and questionnaire.is_in_use:
        raise QuestionnaireInUseError(questionnaire)
    questionnaire = _save_questionnaire(questionnaire, meta, digest)
    _save_scale(questionnaire, data["scale"])
    _save_cornerstones(questionnaire, data["cornerstones"])
    return questionnaire, True


def _save_questionnaire(questionnaire: Questionnaire | None, meta: dict, digest: str):
    questionnaire = questionnaire or Questionnaire(slug=meta["slug"], version=meta["version"])
    for name in ("title_sv", "title_en", "instructions_sv", "instructions_en"):
        setattr(questionnaire, name, (meta.get(name) or "").strip())
    questionnaire.source_digest = digest
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def _save_scale(questionnaire: Questionnaire, scale: list[dict]) -> None:
    questionnaire.scale_levels.exclude(value__in=[level["value"] for level in scale]).delete()
    for level in scale:
        ScaleLevel.objects.update_or_create(
            questionnaire=questionnaire,
            value=level["value"],
            defaults={"label_sv": level["label_sv"], "label_en": level.get("label_en", "")},
        )


def _save_cornerstones(questionnaire: Questionnaire, cornerstones: list[dict]) -> None:
    codes = [item["code"] for item in cornerstones]
    questionnaire.cornerstones.exclude(code__in=codes).delete()
    for item in cornerstones:
        cornerstone, _ = Cornerstone.objects.update_or_create(
            questionnaire=questionnaire,
            code=item["code"],
            defaults=_localized_text(
                item, "name", "scenario", "characteristics", "footnote", order=item["order"]
            ),
        )
        _save_indicators(cornerstone, item["indicators"])


def _save_indicators(cornerstone: Cornerstone, indicators: list[dict]) -> None:
    cornerstone.indicators.exclude(code__in=[item["code"] for item in indicators]).delete()
    for order, item in enumerate(indicators, start=1):
        Indicator.objects.update_or_create(
            cornerstone=cornerstone,
            code=item["code"],
            defaults=_localized_text(item, "text", order=order),
        )


def _localized_text(item: dict, *fields: str, **extra) -> dict:
    values = dict(extra)
    for name in fields:
        for language in ("sv", "en"):
            raw = item.get(f"{name}_{language}")
            empty = [] if name == "characteristics" else ""
            values[f"{name}_{language}"] = raw.strip() if isinstance(raw, str) else raw or empty
    return values
