"""
A synthetic IPS service of any size, for trying the library, for benchmarks and demos.

`synthetic_programme` makes a programme shaped like a Swedish IPS service: specialists,
participants, their jobs, studies and internships, referrals and a contact log, with no real
person in them. Everything is drawn from one seeded `random.Random`: every name, code and
employer is made up, and the same arguments give the same programme on every run and every
machine. The bundled sample (`ipsrules.sample_programme`) is its output with the default
arguments.

The programme is planned backwards from a *report date*: what each participant does on
that day (a competitive job, other paid work, studies, an internship, or planning and job
search) is dealt out first, in the proportions of a board report's example, and their jobs,
studies and internships are then drawn around it. So the status counts on the report date
are known exactly, while the records before and after it look like a service at work.
"""

from ipsrules.synthetic._dates import default_contacts_until, default_report_date
from ipsrules.synthetic._programme import synthetic_programme

__all__ = ["default_contacts_until", "default_report_date", "synthetic_programme"]
