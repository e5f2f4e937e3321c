"""The demo content names questions and options too: start-up stops when one does not exist."""

from django.core.checks import Error, register

from countries import schema

from .profiles import EDITS, demo_answers


@register()
def demo_content_fits_the_schema(app_configs, **kwargs) -> list[Error]:
    changes = [(code, answers) for code, answers in demo_answers().items()]
    changes += [(code, edit) for code, _, edit, _ in EDITS]
    errors = []
    for code, answers in changes:
        try:
            schema.validate_changes(answers)
        except schema.InvalidAnswer as problem:
            errors.append(
                Error(
                    f"Demo profile {code}: {problem}",
                    hint="Rename it to match countries/schema.py.",
                    id="demo.E001",
                )
            )
    return errors
