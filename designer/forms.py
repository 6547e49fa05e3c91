"""Forms of the workflow pages. Each one turns browser input into what a service takes and
says what is wrong in words a person can act on; the services do the real checks."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from baton import jsontext

from .models import NAME_RULE

STARTER = {
    "Comment": "A new workflow: replace these states with your own.",
    "StartAt": "Hello",
    "States": {"Hello": {"Type": "Pass", "Result": {"greeting": "Hello from Baton"}, "End": True}},
}
MAX_UPLOAD = 1024 * 1024


class WorkflowForm(forms.Form):
    """New workflow or Import ASL: a name, a description and the definition (pasted or a file)."""

    name = forms.CharField(max_length=80, validators=[NAME_RULE])
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    definition = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 18}))
    file = forms.FileField(
        required=False,
        help_text="A .json or .asl.json file exported from "
        "Step Functions or Baton; it takes the place of the text above.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError({"file": "The file is larger than 1 MiB."})
            try:
                data["definition"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError({"file": "The file is not UTF-8 text."}) from None
        if not (data.get("definition") or "").strip():
            raise forms.ValidationError({"definition": "Paste a definition or choose a file."})
        return data


class DefinitionForm(forms.Form):
    """The JSON editor: the next version's definition and what changed."""

    definition = forms.CharField(widget=forms.Textarea(attrs={"rows": 28}))
    comment = forms.CharField(required=False, max_length=500)


class StartForm(forms.Form):
    """Start an execution: input JSON, an optional name, and which version or alias runs."""

    input = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}))
    name = forms.CharField(required=False, max_length=80, validators=[NAME_RULE])
    target = forms.ChoiceField(label="Run")

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets

    def clean_input(self) -> Any:
        text = self.cleaned_data.get("input", "").strip() or "{}"
        try:
            return jsontext.loads(text, parse_constant=_no_constant)
        except jsontext.Refused as refused:
            raise forms.ValidationError(f"The input {refused}.") from None
        except json.JSONDecodeError as bad:
            raise forms.ValidationError(
                f"The input is not JSON: {bad.msg} at line {bad.lineno}, column {bad.colno}."
            ) from None
        except ValueError as bad:
            raise forms.ValidationError(f"The input is not JSON: {bad}") from None

    def version_or_alias(self) -> dict[str, Any]:
        """{"version": N}, {"alias": name} or {} (the latest version)."""
        kind, _, value = self.cleaned_data["target"].partition(":")
        if kind == "version":
            return {"version": int(value)}
        if kind == "alias":
            return {"alias": value}
        return {}


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value.")


class AliasForm(forms.Form):
    """An alias routing to one version, or to two with weights summing to 100."""

    name = forms.CharField(max_length=80, validators=[NAME_RULE])
    version = forms.IntegerField(min_value=1)
    weight = forms.IntegerField(min_value=0, max_value=100, required=False)
    second_version = forms.IntegerField(min_value=1, required=False)
    description = forms.CharField(required=False, max_length=500)

    def routes(self) -> list[dict[str, int]]:
        data = self.cleaned_data
        if data.get("second_version") is None:
            return [{"version": data["version"], "weight": 100}]
        weight = 100 if data.get("weight") is None else data["weight"]
        return [
            {"version": data["version"], "weight": weight},
            {"version": data["second_version"], "weight": 100 - weight},
        ]
