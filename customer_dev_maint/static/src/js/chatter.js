odoo.define('customer_dev_maint.chatter', function (require) {
"use strict";

/**
 * A reader who may not post on the document (the server marks the chatter
 * of their form ``cdm_read_only``) is not offered Send message, Log note or
 * Schedule activity: each would end in a refusal. The history stays.
 */
var Chatter = require('mail.Chatter');

Chatter.include({
    /**
     * @override
     */
    start: function () {
        var def = this._super.apply(this, arguments);
        if (this._isReadOnlyChatter()) {
            this.$('.o_chatter_button_new_message, .o_chatter_button_log_note, ' +
                   '.o_chatter_button_schedule_activity').remove();
        }
        return def;
    },
    /**
     * @private
     * @returns {boolean}
     */
    _isReadOnlyChatter: function () {
        var thread = this.fields && this.fields.thread;
        var fieldsInfo = this.record && this.record.fieldsInfo && this.record.fieldsInfo.form;
        var info = thread && fieldsInfo && fieldsInfo[thread.name];
        return !!(info && info.options && info.options.cdm_read_only);
    },
});

});
