"""Fill a form with the keyboard only: Tab between controls, type into text fields, Space for
checkboxes, arrow keys in radio groups and selects, Enter on the submit button.

The page is read (which element has focus, what is checked) but never clicked or filled.
"""

from __future__ import annotations

FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
          value: el.value || "", form: el.form ? el.form.id : "", checked: !!el.checked};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def choose_radio(page, values: list[str], wanted: str) -> None:
    """Focus arrives on the first radio of an unanswered group: Space takes it, each arrow key
    moves to (and selects) the next option."""
    index = values.index(wanted)
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def radio_values(page, form_id: str, name: str) -> list[str]:
    return page.evaluate(
        "([form, name]) => Array.from(document.getElementById(form).elements)"
        ".filter(e => e.name === name).map(e => e.value)",
        [form_id, name],
    )


def fill_with_keyboard(page, form_id: str, text: dict, select: dict, answers: dict) -> None:
    """Tab through the page until the form's submit button, answering on the way, then Enter."""
    for _ in range(400):  # the page has far fewer stops; more means focus is stuck
        page.keyboard.press("Tab")
        here = focused(page)
        if here["form"] != form_id:
            continue
        name = here["name"]
        if here["type"] == "submit":
            page.keyboard.press("Enter")
            return
        if name in text:
            page.keyboard.type(text[name])
        elif name in select:
            page.keyboard.type(select[name])  # the select's type-ahead picks the option
        elif here["type"] == "radio" and name in answers:
            choose_radio(page, radio_values(page, form_id, name), str(answers[name]))
        elif here["type"] == "checkbox" and here["value"] in answers.get(name, []):
            page.keyboard.press("Space")
    raise AssertionError(f"never reached the submit button of #{form_id} with Tab")
