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
    # A version in use may still have its working translation mended: only what it asks,
    # in Swedish, is frozen.
    in_use = questionnaire is not None and questionnaire.is_in_use
    if in_use and questionnaire_instrument(data) != _stored_instrument(questionnaire):
        raise QuestionnaireInUseError(questionnaire)
    if in_use:
        _save_translations(questionnaire, data, digest)
        return questionnaire, True
    questionnaire = _save_questionnaire(questionnaire, meta, digest)
    _save_scale(questionnaire, data["scale"])
    _save_cornerstones(questionnaire, data["cornerstones"])
    return questionnaire, True


def questionnaire_instrument(data: dict) -> dict:
    """What a version asks, in Swedish: the part no round's answers may outlive."""
    meta = data["questionnaire"]
    return {
        "title": meta["title_sv"].strip(),
        "instructions": (meta.get("instructions_sv") or "").strip(),
        "scale": sorted((level["value"], level["label_sv"].strip()) for level in data["scale"]),
        "cornerstones": [
            (
                item["code"],
                item["order"],
                item["name_sv"].strip(),
                item["scenario_sv"].strip(),
                [text.strip() for text in item.get("characteristics_sv") or []],
                [(i["code"], i["text_sv"].strip()) for i in item["indicators"]],
            )
            for item in sorted(data["cornerstones"], key=lambda item: item["order"])
        ],
    }


def _stored_instrument(questionnaire: Questionnaire) -> dict:
    cornerstones = questionnaire.cornerstones.order_by("order").prefetch_related("indicators")
    return {
        "title": questionnaire.title_sv,
        "instructions": questionnaire.instructions_sv,
        "scale": sorted(questionnaire.scale_levels.values_list("value", "label_sv")),
        "cornerstones": [
            (
                cornerstone.code,
                cornerstone.order,
                cornerstone.name_sv,
                cornerstone.scenario_sv,
                list(cornerstone.characteristics_sv),
                [
                    (indicator.code, indicator.text_sv)
                    for indicator in sorted(cornerstone.indicators.all(), key=lambda i: i.order)
                ],
            )
            for cornerstone in cornerstones
        ],
    }


def _save_translations(questionnaire: Questionnaire, data: dict, digest: str) -> None:
    meta = data["questionnaire"]
    Questionnaire.objects.filter(pk=questionnaire.pk).translation_update(
        title_en=(meta.get("title_en") or "").strip(),
        instructions_en=(meta.get("instructions_en") or "").strip(),
        source_digest=digest,
    )
    for level in data["scale"]:
        questionnaire.scale_levels.filter(value=level["value"]).translation_update(
            label_en=level.get("label_en", "")
        )
    for item in data["cornerstones"]:
        texts = _localized_text(item, "name", "scenario", "characteristics", "footnote")
        questionnaire.cornerstones.filter(code=item["code"]).translation_update(
            **{name: value for name, value in texts.items() if name.endswith("_en")}
        )
        for indicator in item["indicators"]:
            Indicator.objects.filter(
                cornerstone__questionnaire=questionnaire, code=indicator["code"]
            ).translation_update(text_en=(indicator.get("text_en") or "").strip())


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
