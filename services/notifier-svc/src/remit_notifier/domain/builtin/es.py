"""Spanish wording of the built-in templates (usted form): courteous, accurate, no threats."""

from remit_common.events import StepKind as K
from remit_common.events import Tone

from remit_notifier.domain.builtin.phrases import Phrases

N1, NS = "{{ invoice_number }}", "{{ invoice_numbers }}"

ES = Phrases(
    language="es",
    greeting="Estimado/a {{ client_name }}:",
    greeting_firm="Equipo de facturación de {{ firm_name }}:",
    subjects={
        K.PRE_DUE: (
            (f"La factura {N1} vence pronto", f"Las facturas {NS} vencen pronto"),
            (
                f"Recordatorio: la factura {N1} vence pronto",
                f"Recordatorio: las facturas {NS} vencen pronto",
            ),
        ),
        K.DUE: (
            (f"La factura {N1} vence hoy", f"Las facturas {NS} vencen hoy"),
            (
                f"Recordatorio: la factura {N1} vence hoy",
                f"Recordatorio: las facturas {NS} vencen hoy",
            ),
        ),
        K.OVERDUE: (
            (f"La factura {N1} está vencida", f"Las facturas {NS} están vencidas"),
            (
                f"Recordatorio de pago: la factura {N1} está vencida",
                f"Recordatorio de pago: las facturas {NS} están vencidas",
            ),
        ),
        K.FINAL_NOTICE: (
            (
                f"Último recordatorio: la factura {N1} está vencida",
                f"Último recordatorio: las facturas {NS} están vencidas",
            ),
            (
                f"Último recordatorio de pago: la factura {N1} está vencida",
                f"Último recordatorio de pago: las facturas {NS} están vencidas",
            ),
        ),
        K.INVOICE_AVAILABLE: (
            (
                f"La factura {N1} está disponible para consulta",
                f"Las facturas {NS} están disponibles para consulta",
            ),
            (
                f"Su factura {N1} de {{{{ firm_name }}}} está disponible para consulta",
                f"Sus facturas {NS} de {{{{ firm_name }}}} están disponibles para consulta",
            ),
        ),
        K.STATEMENT: (
            ("Su estado de cuenta está disponible para consulta",) * 2,
            ("Estado de cuenta de {{ firm_name }}: disponible para consulta",) * 2,
        ),
        K.PAYMENT_ACK: (
            (
                f"Gracias por su pago de la factura {N1}",
                f"Gracias por su pago de las facturas {NS}",
            ),
            (f"Pago recibido: factura {N1}", f"Pago recibido: facturas {NS}"),
        ),
        K.RECEIPT: (
            (
                f"Recibo: la factura {N1} está pagada en su totalidad",
                f"Recibo: las facturas {NS} están pagadas en su totalidad",
            ),
            (
                f"Gracias: la factura {N1} está pagada en su totalidad",
                f"Gracias: las facturas {NS} están pagadas en su totalidad",
            ),
        ),
        K.TRUST_NOTICE: (
            (
                f"Fondos en fideicomiso disponibles para la factura {N1}",
                f"Fondos en fideicomiso disponibles para las facturas {NS}",
            ),
            (
                f"Los fondos en fideicomiso del cliente cubren la factura {N1}",
                f"Los fondos en fideicomiso del cliente cubren las facturas {NS}",
            ),
        ),
    },
    intro={
        K.PRE_DUE: "Le recordamos amablemente que el importe indicado abajo vence el "
        "{{ due_date }}, dentro de {{ days_until_due_text }}.",
        K.DUE: "Le recordamos que el importe indicado abajo vence hoy, {{ due_date }}.",
        K.OVERDUE: "Según nuestros registros, el importe indicado abajo venció el {{ due_date }} "
        "y lleva {{ days_past_due_text }} de retraso.",
        K.FINAL_NOTICE: "Según nuestros registros, el importe indicado abajo, con vencimiento el "
        "{{ due_date }}, sigue pendiente de pago ({{ days_past_due_text }} de retraso).",
        K.INVOICE_AVAILABLE: "Su factura está disponible para consulta en línea. Encontrará los "
        "detalles a continuación.",
        K.STATEMENT: "Su estado de cuenta está disponible para consulta. El saldo pendiente "
        "actual es de {{ amount_due }}.",
        K.PAYMENT_ACK: "Gracias por su pago de {{ payment_amount }}, recibido el "
        "{{ payment_date }}. A continuación figura el saldo pendiente.",
        K.RECEIPT: "Gracias por su pago de {{ payment_amount }}, recibido el {{ payment_date }}. "
        "La factura indicada abajo está pagada en su totalidad.",
        K.TRUST_NOTICE: "Los fondos en fideicomiso de {{ client_name }} ({{ trust_balance }}) "
        "bastan para cubrir el importe indicado abajo. Considere aplicarlos, conforme a las "
        "condiciones pactadas con el cliente, en lugar de enviar un recordatorio.",
    },
    tone_line={
        Tone.FRIENDLY: "Si ya ha realizado el pago, muchas gracias; no tenga en cuenta este "
        "mensaje.",
        Tone.FIRM: "Le rogamos que realice el pago en cuanto le sea posible o que nos indique si "
        "desea comentar algún aspecto de la factura.",
        Tone.FINAL: "Este es nuestro último recordatorio sobre este saldo. Le rogamos que realice "
        "el pago o que se ponga en contacto con nosotros para acordar juntos cómo proceder.",
    },
    sms={
        K.PRE_DUE: "{{ firm_name }}: le recordamos que {{ amount_due }} (factura "
        "{{ invoice_numbers }}) vence el {{ due_date }}. Pago: {{ payment_link }}",
        K.DUE: "{{ firm_name }}: le recordamos que {{ amount_due }} (factura "
        "{{ invoice_numbers }}) vence hoy. Pago: {{ payment_link }}",
        K.OVERDUE: "{{ firm_name }}: {{ amount_due }} (factura {{ invoice_numbers }}) venció el "
        "{{ due_date }}. Pago: {{ payment_link }}",
        K.FINAL_NOTICE: "{{ firm_name }}: último recordatorio: {{ amount_due }} (factura "
        "{{ invoice_numbers }}), con vencimiento el {{ due_date }}, sigue pendiente. Pago: "
        "{{ payment_link }}",
        K.INVOICE_AVAILABLE: "{{ firm_name }}: la factura {{ invoice_numbers }} por "
        "{{ amount_due }} está disponible: {{ payment_link }}",
        K.STATEMENT: "{{ firm_name }}: su estado de cuenta está disponible. Saldo pendiente: "
        "{{ amount_due }}. {{ payment_link }}",
        K.PAYMENT_ACK: "{{ firm_name }}: gracias por su pago de {{ payment_amount }} (factura "
        "{{ invoice_numbers }}). Saldo pendiente: {{ amount_due }}.",
        K.RECEIPT: "{{ firm_name }}: gracias, la factura {{ invoice_numbers }} está pagada "
        "({{ payment_amount }} recibidos).",
        K.TRUST_NOTICE: "{{ firm_name }}: los fondos en fideicomiso de {{ client_name }} cubren "
        "la factura {{ invoice_numbers }} ({{ amount_due }}).",
    },
    label_invoice="Factura",
    label_due="vence el",
    label_total="Total pendiente",
    label_original="Importe original",
    pay_cta="Pagar de forma segura en línea",
    qr_caption="O escanee este código con su teléfono para pagar:",
    contact="Si tiene alguna pregunta, póngase en contacto con {{ firm_contact.name }} en "
    "{{ firm_contact.email }}{% if firm_contact.phone %} o en el {{ firm_contact.phone }}"
    "{% endif %}.",
    sms_contact="Consultas: {{ firm_contact.phone or firm_contact.email }}",
    sms_stop="Responda STOP para no recibir más SMS.",
    closing="Atentamente,",
)
