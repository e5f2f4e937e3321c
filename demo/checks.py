"""The demo content names questions and options too: start-up stops when one does not exist."""

from django.core.checks import Error, register

from countries import schema

from .profiles import CONTACT_LINKS, EDITS, demo_answers


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
    for key in CONTACT_LINKS:
        if key not in schema.QUESTIONS or schema.QUESTIONS[key].kind is not schema.CONTACT:
            errors.append(
                Error(
                    f"Demo contact link {key!r} is not a contact question of the schema",
                    hint="Rename it to match countries/schema.py.",
                    id="demo.E001",
                )
            )
    return errors
