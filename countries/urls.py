from django.urls import path, register_converter

from . import views


class Iso2Converter:
    regex = "[a-z]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value.lower()


register_converter(Iso2Converter, "iso2")

app_name = "countries"

urlpatterns = [
    path("", views.country_list, name="list"),
    path("<iso2:code>/", views.country_detail, name="detail"),
]
