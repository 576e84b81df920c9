-- The orders the registry's lists offer (issue 17): each sort key with the id that breaks its
-- ties, so a keyset page is an index range scan rather than a sort of the whole table.
-- (Status sorts use work_permits_by_status; the worker and employer orders of permits join.)
CREATE INDEX persons_by_name ON persons (family_name, given_names, id);
CREATE INDEX employers_by_name ON employers (name, id);
CREATE INDEX work_permits_by_valid_until_id ON work_permits (valid_until, id);
CREATE INDEX work_permits_by_number ON work_permits (permit_number, id);
