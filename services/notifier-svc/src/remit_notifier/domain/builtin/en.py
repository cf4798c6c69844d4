"""English wording of the built-in templates: courteous, accurate, no threats."""

from remit_common.events import StepKind as K
from remit_common.events import Tone

from remit_notifier.domain.builtin.phrases import Phrases

N1, NS = "{{ invoice_number }}", "{{ invoice_numbers }}"

EN = Phrases(
    language="en",
    greeting="Dear {{ client_name }},",
    greeting_firm="Hello {{ firm_name }} billing team,",
    subjects={
        K.PRE_DUE: (
            (f"Invoice {N1} is due soon", f"Invoices {NS} are due soon"),
            (
                f"Friendly reminder: invoice {N1} is due soon",
                f"Friendly reminder: invoices {NS} are due soon",
            ),
        ),
        K.DUE: (
            (f"Invoice {N1} is due today", f"Invoices {NS} are due today"),
            (f"Reminder: invoice {N1} is due today", f"Reminder: invoices {NS} are due today"),
        ),
        K.OVERDUE: (
            (f"Invoice {N1} is past due", f"Invoices {NS} are past due"),
            (
                f"Payment reminder: invoice {N1} is past due",
                f"Payment reminder: invoices {NS} are past due",
            ),
        ),
        K.FINAL_NOTICE: (
            (
                f"Final reminder: invoice {N1} is past due",
                f"Final reminder: invoices {NS} are past due",
            ),
            (
                f"Final payment reminder: invoice {N1} is past due",
                f"Final payment reminder: invoices {NS} are past due",
            ),
        ),
        K.INVOICE_AVAILABLE: (
            (f"Invoice {N1} is available to view", f"Invoices {NS} are available to view"),
            (
                f"Your invoice {N1} from {{{{ firm_name }}}} is available to view",
                f"Your invoices {NS} from {{{{ firm_name }}}} are available to view",
            ),
        ),
        K.STATEMENT: (
            ("Your statement of account is available to view",) * 2,
            ("Statement of account from {{ firm_name }}: available to view",) * 2,
        ),
        K.PAYMENT_ACK: (
            (
                f"Thank you for your payment on invoice {N1}",
                f"Thank you for your payment on invoices {NS}",
            ),
            (f"Payment received for invoice {N1}", f"Payment received for invoices {NS}"),
        ),
        K.RECEIPT: (
            (f"Receipt: invoice {N1} is paid in full", f"Receipt: invoices {NS} are paid in full"),
            (
                f"Thank you: invoice {N1} is paid in full",
                f"Thank you: invoices {NS} are paid in full",
            ),
        ),
        K.TRUST_NOTICE: (
            (f"Trust funds available for invoice {N1}", f"Trust funds available for invoices {NS}"),
            (f"Client trust funds cover invoice {N1}", f"Client trust funds cover invoices {NS}"),
        ),
    },
    intro={
        K.PRE_DUE: "This is a friendly reminder that the amount below is due on {{ due_date }}, "
        "{{ days_until_due_text }} from today.",
        K.DUE: "This is a reminder that the amount below is due today, {{ due_date }}.",
        K.OVERDUE: "Our records show that the amount below was due on {{ due_date }} and is now "
        "{{ days_past_due_text }} past due.",
        K.FINAL_NOTICE: "Our records show that the amount below, due on {{ due_date }}, remains "
        "unpaid ({{ days_past_due_text }} past due).",
        K.INVOICE_AVAILABLE: "Your invoice is available to view online. The details are below.",
        K.STATEMENT: "Your statement of account is available to view. The balance currently "
        "due is {{ amount_due }}.",
        K.PAYMENT_ACK: "Thank you for your payment of {{ payment_amount }}, received on "
        "{{ payment_date }}. The remaining balance is shown below.",
        K.RECEIPT: "Thank you for your payment of {{ payment_amount }}, received on "
        "{{ payment_date }}. The invoice below is now paid in full.",
        K.TRUST_NOTICE: "Funds held in trust for {{ client_name }} ({{ trust_balance }}) are "
        "enough to cover the amount below. Please consider applying them, in line with the "
        "client's engagement terms, instead of sending a reminder.",
    },
    tone_line={
        Tone.FRIENDLY: "If you have already arranged payment, thank you, and please disregard "
        "this message.",
        Tone.FIRM: "Please arrange payment at your earliest convenience, or let us know if "
        "anything on the invoice needs discussing.",
        Tone.FINAL: "This is our final reminder about this balance. Please arrange payment, or "
        "contact us so that we can agree on a way forward together.",
    },
    sms={
        K.PRE_DUE: "{{ firm_name }}: a reminder that {{ amount_due }} (invoice "
        "{{ invoice_numbers }}) is due on {{ due_date }}. Pay: {{ payment_link }}",
        K.DUE: "{{ firm_name }}: a reminder that {{ amount_due }} (invoice {{ invoice_numbers }})"
        " is due today. Pay: {{ payment_link }}",
        K.OVERDUE: "{{ firm_name }}: {{ amount_due }} (invoice {{ invoice_numbers }}) was due on "
        "{{ due_date }}. Pay: {{ payment_link }}",
        K.FINAL_NOTICE: "{{ firm_name }}: final reminder that {{ amount_due }} (invoice "
        "{{ invoice_numbers }}), due on {{ due_date }}, remains unpaid. Pay: {{ payment_link }}",
        K.INVOICE_AVAILABLE: "{{ firm_name }}: invoice {{ invoice_numbers }} for "
        "{{ amount_due }} is available to view: {{ payment_link }}",
        K.STATEMENT: "{{ firm_name }}: your statement of account is available to view. "
        "Balance due: {{ amount_due }}. {{ payment_link }}",
        K.PAYMENT_ACK: "{{ firm_name }}: thank you for your payment of {{ payment_amount }} "
        "(invoice {{ invoice_numbers }}). Remaining balance: {{ amount_due }}.",
        K.RECEIPT: "{{ firm_name }}: thank you, invoice {{ invoice_numbers }} is paid in full "
        "({{ payment_amount }} received).",
        K.TRUST_NOTICE: "{{ firm_name }}: trust funds for {{ client_name }} cover invoice "
        "{{ invoice_numbers }} ({{ amount_due }}).",
    },
    label_invoice="Invoice",
    label_due="due",
    label_total="Total amount due",
    label_original="Original total",
    pay_cta="Pay securely online",
    qr_caption="Or scan this code with your phone to pay:",
    contact="If you have any questions, please contact {{ firm_contact.name }} at "
    "{{ firm_contact.email }}{% if firm_contact.phone %} or {{ firm_contact.phone }}{% endif %}.",
    sms_contact="Questions? {{ firm_contact.phone or firm_contact.email }}",
    sms_stop="Reply STOP to opt out.",
    closing="Kind regards,",
)
