"""The sample call centre: six agents in three teams (English and Chinese desks)."""

from samples.model import Agent

DANIEL = Agent("a-101", "Daniel Reyes", "North")
LIAM = Agent("a-102", "Liam Ortiz", "South")
MARCUS = Agent("a-103", "Marcus Bell", "Night")
WANG_FANG = Agent("a-201", "王芳", "North")
LI_QIANG = Agent("a-202", "李强", "South")
CHEN_CHEN = Agent("a-203", "陈晨", "Night")
