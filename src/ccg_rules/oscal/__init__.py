"""OSCAL export: rulesets as catalogs and profiles, checks as assessment results and a POA&M.

OSCAL (NIST's Open Security Controls Assessment Language) is the data model compliance
tools exchange. Each module here builds one OSCAL model as plain JSON data from the same
inputs the other output formats use (a `ccg_rules.rules.ruleset.Ruleset`, or the reports):

- `ccg_rules.oscal.catalog`: a ruleset version as a catalog, and a profile selecting it;
- `ccg_rules.oscal.plan`: the assessment plan the results import;
- `ccg_rules.oscal.results`: the assessment results of one or more checks;
- `ccg_rules.oscal.poam`: the conditions and waivers as a plan of action and milestones.

Every identifier is a name-based UUID (`uuid.uuid5`) of what it identifies, and every date
is the report's generation date (or the ruleset's export date), so the same input gives the
same bytes. Nothing here is imported by a check in another format.
"""
