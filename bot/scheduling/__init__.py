"""Everything that happens on a schedule: evening reminders, morning sleep questions and
automatic weekly summaries, one row per user and kind in the schedules table.

- `kinds`: the kinds of schedule (a StrEnum, stored as is).
- `rule`: when a schedule fires next. Pure.
- `commands`: the one on/off/time/day grammar of /remind, /morning and /week auto. Pure.
- `store`: the schedules table: save, claim what is due, hand back what was not sent.
- `tick`: the repeating job that claims what is due and hands it to bulk delivery.

Nothing is imported here, so `bot.scheduling.kinds` can be used by the models.
"""
