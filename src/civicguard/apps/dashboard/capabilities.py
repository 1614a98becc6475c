"""What roles may do with the Information Management Group's dashboard (collected by civicguard.apps.access).

St Helens 9.3-9.5: the Information Management Group (img) governs the policy, sees that staff know it and are
trained, and monitors adherence; 10.1: it governs the policy's approval. Sefton 10.1 monitors through the ICT
Acceptable Use Policy. Senior managers (service managers) watch their own service areas; administrators keep the
system running."""

CAPABILITIES = {
    "dashboard.view": ("See the oversight dashboard of adherence to the policy and download its reports (CSV, "
                       "spreadsheet, PDF meeting pack)", {"img", "admin", "service-manager"}),
}

NAV = [("dashboard.view", "dashboard:oversight", "Oversight")]
