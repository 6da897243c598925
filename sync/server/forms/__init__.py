"""Web forms served by the central server: municipalities answer the assessment sheet and
trainees the training survey in a browser, through a link an advisor issued. A sent form
becomes records exactly as if a laptop had pushed them (see ``submit``)."""
