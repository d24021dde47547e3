"""The words of the demo: request titles per service, pause reasons, comments and notes.

Titles are keyed by service id of the example company (``agreements/``); a service the lists do
not know gets generic titles built from its name, so the generator also runs on edited files.
Rating comments are grouped by what happened to the request, so that a low rating says why
(slow, no updates, bounced around, had to reopen) and a high one what went well.
"""

from __future__ import annotations

TITLES: dict[str, tuple[str, ...]] = {
    # it-for-sales
    "laptop-repair": (
        "Laptop does not boot after the update", "Cracked screen, customer visit on Thursday",
        "Keyboard keys stuck", "Battery swells, lid does not close", "Docking station not detected",
        "Replacement laptop for a new account manager", "Laptop overheats during video calls",
        "Blue screen when connecting to the projector", "Loan laptop for the Toulouse trip",
        "Fan noise and shutdowns", "Webcam not working before the customer call",
    ),
    "crm-access": (
        "Locked out of the CRM", "Need access to the Airbus account in the CRM",
        "CRM quote module shows no prices", "Reset two-factor token for the CRM",
        "Transfer accounts from a leaver to me", "Read access to the opportunity pipeline",
        "CRM export to Excel fails", "Permission to approve discounts in the CRM",
    ),
    "mobile-devices": (
        "Phone screen broken", "New phone for a new starter", "Roaming data not working abroad",
        "Tablet cannot sync the mail", "Second charger and a case", "SIM card lost at the airport",
        "Phone stuck on the company portal enrolment",
    ),
    # it-for-plant
    "mes": (
        "MES terminal at line 2 frozen", "Machine data collection stopped on the 5-axis cell",
        "Cannot book the order confirmation in MES", "MES shows the wrong routing for a part",
        "Scanner at the deburring station not recognised", "Shift report in MES is empty",
        "MES login fails for the night shift", "Order backlog not updating on the hall screen",
    ),
    "label-printers": (
        "Part-marking printer prints blank labels", "Label printer at shipping jams",
        "Wrong barcode format on the labels", "Printer offline after the network change",
        "Ribbon sensor error on the marking printer", "Labels misaligned by 2 mm",
    ),
    "cad-cam": (
        "NC program transfer to the DMG fails", "CAM workstation crashes on post-processing",
        "Licence server for CAM unreachable", "New post-processor for the lathe",
        "CAD model does not open, file locked", "Graphics driver issue on the CAM station",
    ),
    # hr-for-staff
    "payroll-questions": (
        "Overtime missing on the pay slip", "Night-shift allowance not paid",
        "Tax class wrong since January", "Question about the pension contribution",
        "Pay slip not received", "Travel allowance paid twice", "Holiday pay calculation",
    ),
    "onboarding": (
        "Onboarding for a new machinist on Monday", "Contract and badge for the new buyer",
        "First-day plan for two apprentices", "Onboarding of a quality engineer",
        "Work permit paperwork for a new hire", "Badge and locker for a new night-shift operator",
    ),
    "employment-letters": (
        "Employment certificate for the bank", "Letter for a visa application",
        "Reference letter after the project", "Confirmation of employment for a landlord",
        "Interim reference", "Salary confirmation for a loan",
    ),
    # finance-for-sales
    "quote-approval": (
        "Margin approval: hinge arm quote for a cabin integrator", "Quote approval: 5-year bracket frame contract",
        "Price approval for a titanium fitting repeat order", "Bid due today: seat-track fittings",
        "Discount above 8 % needs approval", "Quote with a new surcharge for titanium",
        "Approval of a long-term price agreement",
    ),
    "credit-check": (
        "Credit limit for a new MRO customer", "Raise the credit limit for a growing integrator",
        "Credit check for a distributor in Singapore", "Payment terms for a new customer",
        "Credit insurance confirmation for a large order",
    ),
    "expense-claims": (
        "Expense claim: trade fair in Hamburg", "Travel expenses Toulouse", "Hotel invoice missing VAT",
        "Expense claim for the customer dinner", "Mileage allowance for customer visits",
    ),
    # procurement-for-production
    "purchase-requisition": (
        "Purchase requisition: titanium bar stock 60 mm", "Order carbide end mills for cell 4",
        "Requisition: coolant concentrate", "Aluminium 7075 plate for the bracket order",
        "Replacement chuck jaws for the lathe", "Deburring brushes and abrasives",
        "Order anodising as an outside service", "Fixture plates for the new hinge arm",
        "Gauge blocks for the quality lab", "Requisition: safety gloves and glasses",
    ),
    "supplier-expedite": (
        "Late delivery of titanium bar stock - line waits", "Supplier missed the date for end mills",
        "Anodising batch overdue", "Chase heat treatment supplier for the fittings",
        "Bar stock stuck in customs", "Fasteners delivery two weeks late",
        "Coating supplier has not confirmed a date",
    ),
    "new-supplier": (
        "Qualify a second anodising supplier", "New source for titanium bar stock",
        "Qualify a local tooling supplier", "Audit for a new heat-treatment shop",
        "Alternative supplier for aerospace fasteners",
    ),
    # production-for-procurement
    "demand-confirmation": (
        "Confirm the weekly demand forecast", "Confirm bar stock demand for next month",
        "Demand figures for the titanium fittings", "Confirm the tooling consumption forecast",
        "Forecast for the new bracket programme",
    ),
    "goods-receipt": (
        "Post the goods receipt of the bar stock delivery", "Goods receipt missing for PO 4500-series",
        "Book the received end mills", "Goods receipt for the expedited anodising batch",
        "Post the receipt of the fixture plates", "Receipt missing, supplier invoice blocked",
    ),
    "sample-trial": (
        "Trial run of sample inserts from a new supplier", "Test the alternative coolant",
        "Sample bar stock from the new titanium source", "Trial of new deburring brushes",
    ),
    # production-for-quality
    "containment": (
        "Quarantine lot of hinge arms with burrs", "Sort brackets with a suspect bore diameter",
        "Relabel fittings shipped with the wrong revision", "Contain parts from the crashed tool",
        "Hold all parts from the night shift on machine 7",
    ),
    "corrective-action": (
        "8D for burrs on the hinge arms", "Corrective action: bore diameter drift",
        "8D for the wrong revision on labels", "Corrective action for surface scratches",
        "Root cause of the thread gauge failures",
    ),
    "measurement-samples": (
        "Pull 5 brackets for a capability study", "Parts for the CMM check of the new program",
        "Samples for the customer audit", "Pull first-off parts from line 3",
    ),
    # quality-for-production
    "first-article": (
        "First-article inspection: new hinge arm revision", "FAI for the changed bracket program",
        "First article after the tool change", "FAI for a new seat-track fitting",
        "Release of the first part after maintenance",
    ),
    "ncr-review": (
        "Disposition of brackets on hold", "NCR review: scratched fittings",
        "Rework decision for oversize bores", "Use-as-is request for a cosmetic defect",
        "NCR from the customer's incoming inspection",
    ),
    "gauge-calibration": (
        "Calibrate the bore gauge on line 2", "Thread gauges due for calibration",
        "Height gauge shows drift", "Calibrate the new torque wrench set",
    ),
    # facilities-night-shift
    "machine-breakdown": (
        "Spindle alarm on the 5-axis centre", "Coolant pump failed on lathe 4",
        "Tool changer jammed on machine 7", "Hydraulic leak on the press",
        "Axis drive fault on the horizontal mill", "Chip conveyor stuck",
        "Door interlock fault, machine will not start",
    ),
    "utilities": (
        "Compressed air pressure dropping in hall 2", "Coolant supply line leaking",
        "Power trip on the deburring cell", "Extraction fan failed at the grinding station",
        "Chiller alarm for the machining hall",
    ),
    "building": (
        "Lighting out in aisle 3", "Roller door to shipping stuck", "Heating off in the locker room",
        "Leak in the roof above the quality lab", "Emergency exit sign broken",
    ),
}

PAUSE_REASONS: tuple[str, ...] = (
    "waiting for the requester to confirm details",
    "asked the requester for the part number",
    "waiting for the cost centre from the requester",
    "requester out of office, waiting for the reply",
    "waiting for the requester to test the fix",
    "asked for a screenshot of the error",
    "waiting for the requester to hand over the device",
    "waiting for the manager's approval from the requester's side",
)

ESCALATION_NOTES: tuple[str, ...] = (
    "looking into it now", "on it, will update the requester", "assigned to the second level",
    "called the requester", "parts ordered, workaround in place", "taking it over",
)

#: Rating comments by what happened.  Low ratings always say why.
COMMENTS: dict[str, tuple[str, ...]] = {
    "slow": (
        "Took far too long, we had to work around it for days.",
        "Slow. The line waited the whole morning.",
        "Way past the promised time.",
        "It took three days for something that should take hours.",
        "Much too slow for something this urgent.",
    ),
    "no_updates": (
        "Nobody told us anything until it was done.",
        "No updates at all, I had to chase every day.",
        "We never knew whether anyone was working on it.",
        "I had to call twice to find out the status.",
    ),
    "bounced": (
        "Bounced around between three people before anyone owned it.",
        "Handed from one team to the next, nobody felt responsible.",
        "Got sent back and forth, had to explain it all again each time.",
    ),
    "reopened": (
        "Had to reopen it, the first fix did not hold.",
        "Closed too early, the problem came back the next day.",
    ),
    "supplier": (
        "Still no reliable delivery date from the supplier.",
        "The material came late again; we had to reschedule the line.",
        "We found out about the delay from the supplier, not from Procurement.",
    ),
    "ok": (
        "Fine, but it could have been quicker.",
        "Solved in the end.",
        "OK. Would have liked a short update in between.",
    ),
    "good": (
        "Quick and friendly, thanks!",
        "Fixed before my customer meeting, great.",
        "Clear answer, exactly what I needed.",
        "Fast help, the line was running again in no time.",
        "Very helpful, explained what went wrong.",
        "Thanks, smooth as always.",
    ),
}

#: Notes a requester leaves while waiting (``commented`` events).
CHASERS: tuple[str, ...] = (
    "Any news? We are waiting on this.",
    "Can someone give me a status, please?",
    "Still open - the line is waiting.",
    "Is anyone working on this?",
    "Customer is asking, need an answer today.",
)


def titles_for(service_id: str, service_name: str) -> tuple[str, ...]:
    """The titles of a service; generic ones from its name for a service the lists lack."""
    known = TITLES.get(service_id)
    if known:
        return known
    return (service_name, f"{service_name}: urgent help needed", f"Question about {service_name.lower()}")
