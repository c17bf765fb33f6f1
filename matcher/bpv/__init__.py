"""After the match: the BPV lifecycle from kennismaking to outcome and the re-match queue.

``vocabulary`` holds the fixed lists with their Dutch labels, ``lifecycle`` the record and the
checked steps, ``queue`` the "zoekt een nieuwe plek" queue. All pure: dates come in as
arguments.
"""
