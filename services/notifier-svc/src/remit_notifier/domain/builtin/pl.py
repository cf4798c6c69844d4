"""Polish wording of the built-in templates (formal "Państwo"): courteous, accurate, no threats."""

from remit_common.events import StepKind as K
from remit_common.events import Tone

from remit_notifier.domain.builtin.phrases import Phrases

N1, NS = "{{ invoice_number }}", "{{ invoice_numbers }}"

PL = Phrases(
    language="pl",
    greeting="Szanowni Państwo,",
    greeting_firm="Szanowni Państwo,",
    subjects={
        K.PRE_DUE: (
            (
                f"Termin płatności faktury {N1} wkrótce mija",
                f"Termin płatności faktur {NS} wkrótce mija",
            ),
            (
                f"Przypomnienie: termin płatności faktury {N1} wkrótce mija",
                f"Przypomnienie: termin płatności faktur {NS} wkrótce mija",
            ),
        ),
        K.DUE: (
            (
                f"Termin płatności faktury {N1} mija dzisiaj",
                f"Termin płatności faktur {NS} mija dzisiaj",
            ),
            (
                f"Przypomnienie: termin płatności faktury {N1} mija dzisiaj",
                f"Przypomnienie: termin płatności faktur {NS} mija dzisiaj",
            ),
        ),
        K.OVERDUE: (
            (f"Faktura {N1} jest po terminie płatności", f"Faktury {NS} są po terminie płatności"),
            (
                f"Przypomnienie o płatności: faktura {N1} jest po terminie płatności",
                f"Przypomnienie o płatności: faktury {NS} są po terminie płatności",
            ),
        ),
        K.FINAL_NOTICE: (
            (
                f"Ostatnie przypomnienie: faktura {N1} jest po terminie płatności",
                f"Ostatnie przypomnienie: faktury {NS} są po terminie płatności",
            ),
            (
                f"Ostatnie przypomnienie o płatności: faktura {N1} jest po terminie",
                f"Ostatnie przypomnienie o płatności: faktury {NS} są po terminie",
            ),
        ),
        K.INVOICE_AVAILABLE: (
            (f"Faktura {N1} jest dostępna do wglądu", f"Faktury {NS} są dostępne do wglądu"),
            (
                f"Faktura {N1} od {{{{ firm_name }}}} jest dostępna do wglądu",
                f"Faktury {NS} od {{{{ firm_name }}}} są dostępne do wglądu",
            ),
        ),
        K.STATEMENT: (
            ("Zestawienie rozrachunków jest dostępne do wglądu",) * 2,
            ("Zestawienie rozrachunków od {{ firm_name }} jest dostępne do wglądu",) * 2,
        ),
        K.PAYMENT_ACK: (
            (
                f"Dziękujemy za wpłatę na poczet faktury {N1}",
                f"Dziękujemy za wpłatę na poczet faktur {NS}",
            ),
            (f"Otrzymaliśmy wpłatę: faktura {N1}", f"Otrzymaliśmy wpłatę: faktury {NS}"),
        ),
        K.RECEIPT: (
            (
                f"Potwierdzenie: faktura {N1} została opłacona w całości",
                f"Potwierdzenie: faktury {NS} zostały opłacone w całości",
            ),
            (
                f"Dziękujemy: faktura {N1} została opłacona w całości",
                f"Dziękujemy: faktury {NS} zostały opłacone w całości",
            ),
        ),
        K.TRUST_NOTICE: (
            (
                f"Środki powiernicze dostępne na pokrycie faktury {N1}",
                f"Środki powiernicze dostępne na pokrycie faktur {NS}",
            ),
            (
                f"Środki powiernicze klienta pokrywają fakturę {N1}",
                f"Środki powiernicze klienta pokrywają faktury {NS}",
            ),
        ),
    },
    intro={
        K.PRE_DUE: "Uprzejmie przypominamy, że termin płatności poniższej kwoty upływa "
        "{{ due_date }} (za {{ days_until_due_text }}).",
        K.DUE: "Uprzejmie przypominamy, że termin płatności poniższej kwoty upływa dzisiaj, "
        "{{ due_date }}.",
        K.OVERDUE: "Według naszych danych termin płatności poniższej kwoty upłynął "
        "{{ due_date }}; opóźnienie wynosi {{ days_past_due_text }}.",
        K.FINAL_NOTICE: "Według naszych danych poniższa kwota, płatna do {{ due_date }}, pozostaje "
        "nieopłacona (opóźnienie: {{ days_past_due_text }}).",
        K.INVOICE_AVAILABLE: "Faktura jest dostępna do wglądu online. Szczegóły znajdą Państwo "
        "poniżej.",
        K.STATEMENT: "Zestawienie rozrachunków jest dostępne do wglądu. Aktualna kwota do "
        "zapłaty wynosi {{ amount_due }}.",
        K.PAYMENT_ACK: "Dziękujemy za wpłatę w wysokości {{ payment_amount }}, otrzymaną "
        "{{ payment_date }}. Pozostała kwota do zapłaty jest podana poniżej.",
        K.RECEIPT: "Dziękujemy za wpłatę w wysokości {{ payment_amount }}, otrzymaną "
        "{{ payment_date }}. Poniższa faktura została opłacona w całości.",
        K.TRUST_NOTICE: "Środki powiernicze klienta {{ client_name }} ({{ trust_balance }}) "
        "wystarczają na pokrycie poniższej kwoty. Prosimy rozważyć ich wykorzystanie, zgodnie "
        "z warunkami umowy z klientem, zamiast wysyłania przypomnienia.",
    },
    tone_line={
        Tone.FRIENDLY: "Jeżeli płatność została już zlecona, serdecznie dziękujemy i prosimy nie "
        "brać tej wiadomości pod uwagę.",
        Tone.FIRM: "Prosimy o uregulowanie płatności w najbliższym dogodnym terminie lub o "
        "kontakt, jeśli chcieliby Państwo omówić fakturę.",
        Tone.FINAL: "To nasze ostatnie przypomnienie dotyczące tej kwoty. Prosimy o uregulowanie "
        "płatności lub o kontakt, abyśmy mogli wspólnie ustalić dalsze kroki.",
    },
    sms={
        K.PRE_DUE: "{{ firm_name }}: przypominamy, że termin płatności {{ amount_due }} (faktura "
        "{{ invoice_numbers }}) upływa {{ due_date }}. Płatność: {{ payment_link }}",
        K.DUE: "{{ firm_name }}: przypominamy, że termin płatności {{ amount_due }} (faktura "
        "{{ invoice_numbers }}) upływa dzisiaj. Płatność: {{ payment_link }}",
        K.OVERDUE: "{{ firm_name }}: termin płatności {{ amount_due }} (faktura "
        "{{ invoice_numbers }}) upłynął {{ due_date }}. Płatność: {{ payment_link }}",
        K.FINAL_NOTICE: "{{ firm_name }}: ostatnie przypomnienie: {{ amount_due }} (faktura "
        "{{ invoice_numbers }}), płatne do {{ due_date }}, pozostaje nieopłacone. Płatność: "
        "{{ payment_link }}",
        K.INVOICE_AVAILABLE: "{{ firm_name }}: faktura {{ invoice_numbers }} na kwotę "
        "{{ amount_due }} jest dostępna: {{ payment_link }}",
        K.STATEMENT: "{{ firm_name }}: zestawienie rozrachunków jest dostępne. Kwota do zapłaty: "
        "{{ amount_due }}. {{ payment_link }}",
        K.PAYMENT_ACK: "{{ firm_name }}: dziękujemy za wpłatę {{ payment_amount }} (faktura "
        "{{ invoice_numbers }}). Pozostało do zapłaty: {{ amount_due }}.",
        K.RECEIPT: "{{ firm_name }}: dziękujemy, faktura {{ invoice_numbers }} została opłacona "
        "w całości ({{ payment_amount }}).",
        K.TRUST_NOTICE: "{{ firm_name }}: środki powiernicze klienta {{ client_name }} pokrywają "
        "fakturę {{ invoice_numbers }} ({{ amount_due }}).",
    },
    label_invoice="Faktura",
    label_due="termin płatności",
    label_total="Łączna kwota do zapłaty",
    label_original="Pierwotna kwota",
    pay_cta="Zapłać bezpiecznie online",
    qr_caption="Można też zapłacić, skanując ten kod telefonem:",
    contact="W razie pytań prosimy o kontakt z {{ firm_contact.name }}: "
    "{{ firm_contact.email }}{% if firm_contact.phone %}, tel. {{ firm_contact.phone }}"
    "{% endif %}.",
    sms_contact="Pytania: {{ firm_contact.phone or firm_contact.email }}",
    sms_stop="Odpowiedz STOP, aby zrezygnować.",
    closing="Z poważaniem,",
)
