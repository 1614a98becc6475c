"""Pre-election period detectors (the Code of Recommended Practice on Local Authority Publicity, 2011; St Helens
5.7): councillors and candidates quoted in official posts, party politics in official posts, and the reminder to
politically restricted staff. Each reports nothing unless the check's context says a period is on
(``Context.election``)."""
