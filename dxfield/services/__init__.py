"""Domain services. Each takes a ``Session``; none creates or commits one (see ``dxfield.db``)."""
