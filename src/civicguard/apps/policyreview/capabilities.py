"""What roles may do with policy versions and their reviews (collected by civicguard.apps.access).

St Helens 10.1: the policy is governed through the Information Management Group (img) and approved by the Chief
Officers Group; Sefton 9.1: reviewed by the Personnel Department (hr) and the Corporate Communications Team
(approver: the pack's approver_name). Capabilities hold in every council, so both councils' bodies hold these;
the pack's `facts.reviews.policy_review_roles` then says which of them run the review in that council
(services.review_refusal): St Helens img and admin, Sefton hr, approver and admin. Administrators look after
CivicGuard for the council and may record what the bodies decided on paper.
"""

BODIES = {"img", "hr", "approver", "admin"}

CAPABILITIES = {
    "policy.view": ("See the policy versions, when each is due for review, and the reviews with their comments",
                    BODIES),
    "policy.review": ("Run a policy review: start it, record the consultees' comments, record the approval and "
                      "publish the new version (the council's pack names which of these roles)", BODIES),
}

NAV = [("policy.view", "policyreview:versions", "Policy versions")]
