"""The dashboard's numbers as tables: what the page shows under each chart, what the chart
draws (assets/statistics.js reads the table), and what each CSV download holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk


@dataclass
class Table:
    id: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    chart: str | None = "bar"  # bar (horizontal), column (vertical bars), line, or None (a table only)
    # Columns drawn as series (the first column holds the labels).
    series: list[int] = field(default_factory=lambda: [1])
    # Rows the page shows (all of them go to the CSV).
    shown: list[list[Any]] | None = None

    @property
    def page_rows(self) -> list[list[Any]]:
        return self.rows if self.shown is None else self.shown


def count_table(id: str, title: str, label: str, items: list[dict[str, Any]], chart: str = "bar") -> Table:
    return Table(id, title, [label, tk._("Projects")], [[item["label"], item["count"]] for item in items], chart)


def tables(numbers: dict[str, Any]) -> list[Table]:
    counts = numbers["counts"]
    result = [
        count_table("area", tk._("Projects by area"), tk._("Area"), counts["area"]),
        count_table("transformation_type", tk._("Projects by transformation type"), tk._("Transformation type"), counts["transformation_type"]),
        count_table("phase", tk._("Projects by phase"), tk._("Phase"), counts["phase"]),
        count_table("maturity_level", tk._("Projects by maturity level"), tk._("Maturity level"), counts["maturity_level"]),
        count_table("province", tk._("Projects by province of the leading body"), tk._("Province"), counts["province"]),
        count_table("comarca", tk._("Projects by comarca of the leading body"), tk._("Comarca"), counts["comarca"]),
        count_table("start_year", tk._("Projects started per year"), tk._("Start year"), numbers["started_per_year"], "column"),
        count_table("technologies", tk._("Most used technologies"), tk._("Technology"), numbers["technologies"]),
        savings_table(numbers["savings"]),
        coverage_table(numbers["coverage"]),
        comarques_without_table(numbers["coverage"]),
        activity_table(numbers["activity"]),
    ]
    return result


def savings_table(rows: list[dict[str, Any]]) -> Table:
    return Table(
        "savings", tk._("Savings reported"),
        [tk._("Kind"), tk._("Unit"), tk._("Period"), tk._("Total"), tk._("Projects")],
        [[row["kind_label"], row["unit_label"], row["period_label"], round(row["total"], 2), row["projects"]] for row in rows],
        chart=None,
    )


def coverage_table(summary: dict[str, Any]) -> Table:
    towns = sorted(summary["municipalities"], key=lambda town: (-town["projects"], town["name"]))
    rows = [[town["name"], town["comarca"], town["province"], town["ine_code"], town["own"], town["on_behalf"], town["projects"]]
            for town in towns]
    return Table(
        "coverage", tk._("Municipalities and their projects"),
        [tk._("Municipality"), tk._("Comarca"), tk._("Province"), tk._("INE code"), tk._("Own projects"),
         tk._("Projects on its behalf"), tk._("Projects")],
        rows, chart=None, shown=[row for row in rows if row[4]],
    )


def comarques_without_table(summary: dict[str, Any]) -> Table:
    return Table(
        "comarques_without", tk._("Comarques with no project of their own"),
        [tk._("Comarca"), tk._("Province"), tk._("Municipalities"), tk._("Municipalities reached on their behalf")],
        [[entry["name"], entry["province"], entry["municipalities"], entry["reached_on_behalf"]]
         for entry in summary["comarques_without"]],
        chart=None,
    )


def activity_table(activity: dict[str, Any]) -> Table:
    names = [
        ("visit_requests", tk._("Visit requests")), ("visit_reports", tk._("Visit reports")),
        ("replicate", tk._("Want to replicate")), ("collaborate", tk._("Want to collaborate")),
        ("forum_topics", tk._("Forum topics")), ("forum_posts", tk._("Forum messages")),
    ]
    series = activity["series"]
    rows = [[month, *(series[name][index] for name, _label in names)] for index, month in enumerate(activity["months"])]
    return Table("activity", tk._("Activity per month"), [tk._("Month"), *(label for _name, label in names)], rows,
                 chart="line", series=list(range(1, len(names) + 1)))


def table_by_id(numbers: dict[str, Any], table_id: str) -> Table | None:
    return next((table for table in tables(numbers) if table.id == table_id), None)
