"""What roles may do with investigations and the RIPA record (St Helens 8.1-8.3; collected by
civicguard.apps.access). Which records a person reads is not decided here but in
civicguard.apps.access.confidential (the investigation's officers and the Authorising Officers): these say only what
each role may do with the records it reads.

The central record: the Authorising Officers only. It lists every authorisation of the council, and
access/confidential.py lets only the Authorising Officers read every investigation's RIPA records; Legal (who
advise before an investigation uses social media, St Helens 8.3) are not readers of RIPA records there, so they
are not given the central record here either."""

CAPABILITIES = {
    "investigations.pages": ("Open the investigations pages (what they show is the investigations one is an officer "
                             "of; an Authorising Officer sees all the council's)",
                             {"investigator", "authorising-officer"}),
    # The regulatory services' officers (Trading Standards, Counter Fraud): register investigations, log each
    # viewing of a profile, apply for authorisations.
    "investigations.work": ("Register investigations, log each viewing of a person's social media profile and apply "
                            "for RIPA authorisations", {"investigator"}),
    # RIPA: a designated officer decides, reviews, renews and cancels; never their own application.
    "investigations.authorise": ("Decide, review, renew and cancel RIPA authorisations (never one's own "
                                 "application)", {"authorising-officer"}),
    # The applicant usually attends the magistrates' court; the Authorising Officer may record it too.
    "investigations.court": ("Record a magistrate's decision on a RIPA authorisation",
                             {"investigator", "authorising-officer"}),
    "investigations.central_record": ("Read and export the RIPA central record for the Investigatory Powers "
                                      "Commissioner's Office (every read is logged)", {"authorising-officer"}),
}

NAV = [("investigations.pages", "investigations:list", "Investigations")]
