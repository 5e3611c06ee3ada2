odoo.define('customer_dev_maint.basic_controller', function (require) {
"use strict";

/**
 * A change saved at once in a read-only view (a stage clicked in the status
 * bar, a priority star) that the server refuses is discarded, and the record
 * is shown again as stored. Odoo 11 keeps the refused value pending: the
 * next button or save sends it again (the same refusal, or a move applied
 * later with other changes), and leaving asks to discard changes nobody
 * made.
 */
var BasicController = require('web.BasicController');

BasicController.include({
    /**
     * @override
     */
    _applyChanges: function (dataPointID, changes, event) {
        var self = this;
        var def = this._super.apply(this, arguments);
        if (event && event.data && event.data.force_save) {
            def.fail(function () {
                if (self.model.isDirty(dataPointID)) {
                    self.model.discardChanges(dataPointID);
                }
                self.reload();
            });
        }
        return def;
    },
});

});
