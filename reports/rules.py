"""Rules of what a report may show (docs/architecture.md, "Scoring"; docs/figures.md):
every figure with its n, small groups hidden from everyone but national staff."""

from django.conf import settings


def is_suppressed(n: int | None, *, viewer_is_staff: bool) -> bool:
    """A group figure with n below the threshold is shown to national staff only."""
    return not viewer_is_staff and (n or 0) < settings.SMALL_GROUP_THRESHOLD


def is_hidden(n: int | None, *, viewer_is_staff: bool, hidden: bool = False) -> bool:
    """Whether a group figure is shown without its value: a small group, or one that
    `hidden_figures` hides for the public whatever its n (secondary suppression)."""
    return is_suppressed(n, viewer_is_staff=viewer_is_staff) or (hidden and not viewer_is_staff)


StatKey = tuple[str, str, str, str]  # population, dimension, group key, code

# Each panel and the population it is part of, and its counterpart in the other round:
# a panel is shown with the one beside it, or neither is.
_PANELS = {"same": "same_prev", "same_prev": "same", "panel": "panel_prev", "panel_prev": "panel"}


def hidden_groups(sizes: dict, *, viewer_is_staff: bool) -> set:
    """Which groups of one partition (the counties, the size bands …) of one figure are
    hidden. Small ones (n below the threshold), and, while the hidden ones together
    count fewer than that, the smallest shown one as well: the whole minus the shown
    groups would otherwise give the hidden ones' figure away (secondary suppression)."""
    if viewer_is_staff:
        return set()
    threshold = settings.SMALL_GROUP_THRESHOLD
    hidden = {key for key, n in sizes.items() if 0 < n < threshold}
    shown = sorted((n, key) for key, n in sizes.items() if n >= threshold)
    while hidden and shown and sum(sizes[key] for key in hidden) < threshold:
        hidden.add(shown.pop(0)[1])
    return hidden


def hidden_figures(sizes: dict[StatKey, int], *, viewer_is_staff: bool) -> set[StatKey]:
    """Every figure of one snapshot a viewer who is not national staff may not see, by
    (population, dimension, group key, code) → n: small groups and their secondary
    suppression within each breakdown, and a panel whose complement among all
    respondents is small (all respondents minus the panel would be that complement)."""
    if viewer_is_staff:
        return set()
    partitions: dict[tuple[str, str, str], dict[str, int]] = {}
    for (population, dimension, key, code), n in sizes.items():
        partitions.setdefault((population, dimension, code), {})[key] = n
    hidden: set[StatKey] = set()
    for (population, dimension, code), groups in partitions.items():
        hidden |= {
            (population, dimension, key, code)
            for key in hidden_groups(groups, viewer_is_staff=False)
        }
    threshold = settings.SMALL_GROUP_THRESHOLD
    for (population, dimension, key, code), n in sizes.items():
        if population not in ("same", "panel") or dimension != "nation":
            continue
        everyone = sizes.get(("all", "nation", "", code), 0)
        if 0 < everyone - n < threshold or (population, dimension, key, code) in hidden:
            hidden |= {
                (population, dimension, key, code),
                (_PANELS[population], dimension, key, code),
            }
    for population, dimension, key, code in list(hidden):
        if population in ("same_prev", "panel_prev"):
            hidden.add((_PANELS[population], dimension, key, code))
    return hidden
