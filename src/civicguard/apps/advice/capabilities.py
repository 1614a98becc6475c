"""What roles may do with advice requests (collected by civicguard.apps.access)."""

from civicguard.apps.access.roles import ALL

CAPABILITIES = {
    # St Helens 6.15, 8.3 and Sefton 5.5 tell every member of staff to take advice when unsure.
    "advice.ask": ("Ask the council's advisers (Internal Audit, Legal) a question", ALL),
    # The roles the packs name for their advisers (facts.advisers); the service also checks the question's own.
    "advice.answer": ("Answer questions put to your section", {"legal", "computer-auditor"}),
    # The Information Management Group oversees the policy (St Helens 9.3, 9.5): it reads every question and answer.
    "advice.view_all": ("Read every advice request and its answer", {"img"}),
}

NAV = [("advice.ask", "advice:list", "Advice")]
