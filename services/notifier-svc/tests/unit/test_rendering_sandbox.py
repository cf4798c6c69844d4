"""The sandbox refuses escapes, explosions and huge output, and escapes HTML."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from remit_notifier.domain.rendering import Limits, RenderError, check_syntax, render

ESCAPES = [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ x.__class__ }}",
    "{{ x['__class__'] }}",
    "{{ x.items() }}",
    "{{ x.name.upper() }}",
    "{{ lipsum }}",
    "{{ cycler }}",
    "{{ namespace() }}",
    "{% include 'etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ self._TemplateReference__context }}",
    "{{ '%s' % x }}",
]
EXPLOSIONS = [
    "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
    "{% for a in items %}{% for b in items %}{% for c in items %}{% endfor %}{% endfor %}"
    "{% endfor %}",
    "{{ 'a' * 100000000 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ range(10**9)|list }}",
    "{% for a in range(5000) %}{{ 'x' * 200 }}{% endfor %}",
    "{{ (['a' * 200000] * 100)|join }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_escape_attempts_are_refused(source):
    with pytest.raises(RenderError):
        render(source, {"x": {"name": "n"}, "items": [1, 2]}, html=True)


@pytest.mark.parametrize("source", EXPLOSIONS)
def test_explosions_stop_within_limits(source):
    with pytest.raises(RenderError):
        render(source, {"items": list(range(200))}, limits=Limits(max_seconds=0.5))


def test_dict_keys_and_loop_helpers_work():
    out = render(
        "{{ x.name }}:{% for i in items %}{{ loop.index }}{% if not loop.last %},{% endif %}"
        "{% endfor %}",
        {"x": {"name": "Jo"}, "items": ["a", "b", "c"]},
    )
    assert out == "Jo:1,2,3"


def test_undefined_variable_is_an_error_not_a_blank():
    with pytest.raises(RenderError, match="undefined"):
        render("Dear {{ clinet_name }}", {"client_name": "Jo"})


def test_only_plain_data_is_accepted_as_variables():
    with pytest.raises(RenderError):
        render("{{ x }}", {"x": object()})


def test_syntax_errors_are_described():
    assert check_syntax("{% if x %}no end") is not None
    assert check_syntax("{{ x }}") is None


@given(st.text(max_size=200))
def test_html_output_never_contains_unescaped_markup_from_variables(value):
    out = render("<p>{{ v }}</p>", {"v": value}, html=True)
    assert "<" not in out[3:-4] and ">" not in out[3:-4]


@given(st.text(max_size=200))
def test_text_rendering_is_verbatim(value):
    assert render("{{ v }}", {"v": value}) == value
