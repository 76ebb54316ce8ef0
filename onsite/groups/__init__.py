"""Workshop groups: a day's participants split into its parallel workshops.

`grouping` is the solver and its explanations (pure, no models); `services` reads preferences, runs the solver
for a day, saves and moves; `words` says each outcome as a sentence; `forms`, `views` and `urls` are the pages;
`demo` gives the demo caravan its groups."""
