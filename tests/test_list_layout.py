"""P2: lists that read well in Chinese: headers and short values are not split one character
per line, and lists show the day where the time of day is noise."""
import os

from lxml import etree

from .common import CustomerRelationsCase

ROOT = os.path.join(os.path.dirname(__file__), os.pardir, "customer_dev_maint")


class TestListLayout(CustomerRelationsCase):

    def test_list_headers_and_short_values_keep_chinese_words_whole(self):
        bundle = self.env.ref("web.assets_backend").read_combined(["arch"])["arch"]
        self.assertIn('href="/customer_dev_maint/static/src/css/cdm_backend.css"', bundle)
        with open(os.path.join(ROOT, "static", "src", "css", "cdm_backend.css")) as handle:
            rules = handle.read()
        self.assertIn(".o_list_view > thead > tr > th", rules)
        self.assertIn("td.o_data_cell:not(.o_list_text)", rules)
        self.assertIn("word-break: keep-all", rules)

    def _list_columns(self, model, view=None, field=None):
        """{column: widget} of ``model``'s list (or of the list of ``field`` inside the form
        ``view``), as the web client receives it."""
        if field:
            form = self.env[model].sudo(self.manager).fields_view_get(self.env.ref(view).id, "form")
            tree = etree.fromstring(form["fields"][field]["views"]["tree"]["arch"])
        else:
            arch = self.env[model].sudo(self.manager).fields_view_get(view_type="tree")["arch"]
            tree = etree.fromstring(arch)
        return {node.get("name"): node.get("widget") for node in tree.iter("field")}

    def test_lists_show_the_day_of_moments_whose_time_is_noise(self):
        expected = [
            ("cdm.ticket.satisfaction", None, None, "date"),
            ("cdm.tier.change", None, None, "date"),
            ("cdm.update.notice", None, None, "create_date"),
            ("cdm.update.notice", None, None, "date_done"),
            ("helpdesk.ticket", "helpdesk_mgmt.ticket_view_form", "satisfaction_ids", "date"),
            ("res.partner", "base.view_partner_form", "tier_change_ids", "date"),
        ]
        for model, view, field, column in expected:
            columns = self._list_columns(model, view, field)
            self.assertEqual(columns.get(column), "date", "%s %s %s" % (model, field or "", column))
