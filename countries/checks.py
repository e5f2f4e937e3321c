"""System checks: start-up stops when code names a question or an option the schema lacks."""

from django.core.checks import Error, register

from . import schema


@register()
def schema_names_exist(app_configs, **kwargs) -> list[Error]:
    """Every question and option named by a route rule, a filter or any other code exists."""
    return [
        Error(problem, hint="Rename it to match countries/schema.py.", id="countries.E001")
        for problem in dict.fromkeys(n.problem() for n in schema.names())
        if problem
    ]
