"""After the caravan: the planned contacts with each project (`FollowUp`) and the dated facts they bring back
(`Outcome`), which the report's funnel, the national dashboard and the API count."""
