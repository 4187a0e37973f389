"""Quality pages: inspections, one inspection with its evidence, rubrics, calibration,
quality trend and the wellbeing panel."""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from xinfa.core.exceptions import DomainError, NotFound, ValidationFailed
from xinfa.core.pagination import web_page
from xinfa.core.permissions import capability_required, user_has_capability
from xinfa.core.roles import Capability
from xinfa.quality import forms, selectors, services
from xinfa.quality.charts import trend_chart_svg
from xinfa.quality.conf import quality_setting


def _flag(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


@capability_required(Capability.INTERACTION_VIEW)
def inspection_list_page(request: HttpRequest) -> HttpResponse:
    form = forms.InspectionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.inspection_list(
        viewer=request.user,
        passed=_flag(data.get("passed", "")),
        critical=_flag(data.get("critical", "")),
        sampled=_flag(data.get("sampled", "")),
        max_score=data.get("max_score"),
    )
    return render(request, "quality/list.html", {"form": form, "page": web_page(request, rows)})


@capability_required(Capability.INTERACTION_VIEW)
def inspection_detail_page(request: HttpRequest, inspection_id: int) -> HttpResponse:
    try:
        detail = selectors.inspection_detail(viewer=request.user, inspection_id=inspection_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    rules = [(rule["rule_id"], f"{rule['name']}（{rule['rule_id']}）") for rule in detail.rules]
    return render(
        request,
        "quality/detail.html",
        {
            "detail": detail,
            "inspection": detail.inspection,
            "override_form": forms.OverrideForm(rules=rules),
            "appeal_form": forms.AppealForm(),
            "decide_form": forms.AppealDecideForm(),
            "can_review": user_has_capability(request.user, Capability.QUALITY_REVIEW),
        },
    )


def _run(request: HttpRequest, action: Any, success: str) -> None:
    try:
        action()
        messages.success(request, success)
    except DomainError as exc:
        messages.error(request, f"{exc.field}: {exc.message}" if exc.field else exc.message)


@require_POST
@capability_required(Capability.QUALITY_REVIEW)
def inspection_override_action(request: HttpRequest, inspection_id: int) -> HttpResponse:
    data = request.POST
    _run(
        request,
        lambda: services.inspection_override(
            actor=request.user,
            inspection_id=inspection_id,
            rule_id=data.get("rule_id", ""),
            to_outcome=data.get("to_outcome", ""),
            reason=data.get("reason", ""),
        ),
        str(_("已修改规则结果，得分已重新计算。")),
    )
    return redirect("quality:detail", inspection_id=inspection_id)


@require_POST
@capability_required(Capability.QUALITY_APPEAL)
def appeal_open_action(request: HttpRequest, inspection_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.appeal_open(
            actor=request.user,
            inspection_id=inspection_id,
            reason=request.POST.get("reason", ""),
        ),
        str(_("申诉已提交。")),
    )
    return redirect("quality:detail", inspection_id=inspection_id)


@require_POST
@capability_required(Capability.QUALITY_REVIEW)
def appeal_decide_action(request: HttpRequest, appeal_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.appeal_decide(
            actor=request.user,
            appeal_id=appeal_id,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        ),
        str(_("申诉已处理。")),
    )
    return redirect("quality:detail", inspection_id=int(request.POST.get("inspection_id", 0)))


@capability_required(Capability.QUALITY_REVIEW)
def review_sample_action(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        _run(
            request,
            lambda: services.review_sample_draw(actor=request.user, assign_to=request.user),
            str(_("已抽取复核样本。")),
        )
    return redirect(reverse("quality:list") + "?sampled=1")


def _rubric_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    versions = list(selectors.rubric_version_list())
    if not versions:
        services.rubric_default_ensure()
        versions = list(selectors.rubric_version_list())
    return {
        "versions": versions,
        "can_manage": user_has_capability(request.user, Capability.QUALITY_MANAGE),
        **extra,
    }


@capability_required(Capability.QUALITY_REVIEW)
def rubric_page(request: HttpRequest) -> HttpResponse:
    services.rubric_default_ensure()
    selected = _selected_version(request)
    import_form = forms.RubricImportForm(
        initial={"yaml": selected.yaml, "slug": selected.rubric.slug}
    )
    test_form = forms.RubricTestForm()
    result = None
    if request.method == "POST" and request.POST.get("action") == "test":
        test_form = forms.RubricTestForm(request.POST)
        import_form = forms.RubricImportForm(request.POST)
        result = _test(request, test_form)
    elif request.method == "POST":
        import_form = forms.RubricImportForm(request.POST)
        version = _import(request, import_form)
        if version is not None:
            return redirect(f"{request.path}?version={version.pk}")
    return render(
        request,
        "quality/rubrics.html",
        _rubric_context(
            request,
            selected=selected,
            import_form=import_form,
            test_form=test_form,
            result=result,
        ),
    )


def _selected_version(request: HttpRequest) -> Any:
    raw = request.GET.get("version", "")
    if raw.isdigit():
        try:
            return services.rubric_version_get(version_id=int(raw))
        except NotFound as exc:
            raise Http404(exc.message) from exc
    return services.rubric_default_ensure()


def _import(request: HttpRequest, form: forms.RubricImportForm) -> Any:
    if not user_has_capability(request.user, Capability.QUALITY_MANAGE):
        raise PermissionDenied(Capability.QUALITY_MANAGE)
    if not form.is_valid():
        return None
    try:
        version = services.rubric_import_yaml(
            actor=request.user,
            yaml_text=form.cleaned_data["yaml"],
            slug=form.cleaned_data["slug"] or None,
            activate=form.cleaned_data["activate"],
        )
    except ValidationFailed as exc:
        form.add_error(
            "yaml" if (exc.field or "").startswith("yaml") else "slug",
            f"{exc.field}: {exc.message}",
        )
        return None
    messages.success(request, str(_("已保存为新版本 v%(v)s。")) % {"v": version.version})
    return version


def _test(request: HttpRequest, form: forms.RubricTestForm) -> dict[str, Any] | None:
    if not form.is_valid():
        return None
    try:
        result = services.rubric_test(yaml_text=request.POST.get("yaml", ""), **form.cleaned_data)
    except ValidationFailed as exc:
        form.add_error(None, f"{exc.field}: {exc.message}")
        return None
    marks: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    outcome_of = {rule["rule_id"]: rule["outcome"] for rule in result["rule_results"]}
    for rule in result["rule_results"]:
        for item in rule["evidence"]:
            marks[item["turn"]].append((item["start"], item["end"], rule["rule_id"]))
    result["turn_views"] = [
        {
            "speaker": turn["speaker"],
            "segments": selectors.segments_for(turn["text"], marks[i], outcome_of),
        }
        for i, turn in enumerate(result["turns"])
    ]
    return result


@require_POST
@capability_required(Capability.QUALITY_MANAGE)
def rubric_activate_action(request: HttpRequest, version_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.rubric_activate(actor=request.user, version_id=version_id),
        str(_("该版本已生效。")),
    )
    return redirect(reverse("quality:rubrics") + f"?version={version_id}")


@capability_required(Capability.QUALITY_REVIEW)
def rubric_export_page(request: HttpRequest, version_id: int) -> HttpResponse:
    try:
        version = services.rubric_version_get(version_id=version_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(version.yaml, content_type="application/x-yaml; charset=utf-8")
    filename = f"{version.rubric.slug}-v{version.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@capability_required(Capability.QUALITY_REVIEW)
def calibration_page(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/calibration.html", {"rows": selectors.calibration_report()})


@capability_required(Capability.INTERACTION_VIEW)
def trend_page(request: HttpRequest) -> HttpResponse:
    agent_id = (
        None if user_has_capability(request.user, Capability.QUALITY_REVIEW) else (request.user.pk)
    )
    rows = selectors.agent_quality_trend(agent_id=agent_id, weeks=12)
    series: dict[str, list[tuple[Any, float]]] = defaultdict(list)
    for row in rows:
        series[row["agent"]].append((row["week"], row["mean_score"]))
    # The chart shows the six agents with the lowest latest mean: the ones to coach first.
    ordered = sorted(series.items(), key=lambda item: sorted(item[1])[-1][1])[:6]
    return render(request, "quality/trend.html", {"rows": rows, "chart": trend_chart_svg(ordered)})


@capability_required(Capability.SUPERVISOR_OVERVIEW)
def wellbeing_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quality/wellbeing.html",
        {
            "agents": selectors.agent_wellbeing(),
            "hours": quality_setting("WELLBEING_WINDOW_HOURS"),
            "count": quality_setting("WELLBEING_HOSTILE_COUNT"),
        },
    )
