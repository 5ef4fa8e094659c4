"""Pure domain model: entities, value objects, rules and errors. No I/O, no Qt."""
