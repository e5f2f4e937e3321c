from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from countries.access import get_country_for_edit
from countries.models import Contact

from . import services
from .forms import CallRecordForm


@require_http_methods(["GET", "POST"])
def test_call_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A correspondent of the state (or the secretariat) logs a test call of a 24/7 number."""
    country = get_country_for_edit(request.user, code)
    contact = get_object_or_404(Contact, pk=pk, country=country)
    if not contact.available_24_7:
        raise Http404
    form = CallRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_test_call_record(
            contact=contact,
            called_on=form.cleaned_data["called_on"],
            reached=form.reached_someone,
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        )
        messages.success(request, "Test call recorded.")
        return redirect(f"{country.get_absolute_url()}#contacts")
    context = {
        "country": country,
        "contact": contact,
        "form": form,
        "calls": contact.test_calls.select_related("by")[:20],
    }
    return render(request, "currency/test_call_form.html", context)
