odoo.define('customer_dev_maint.crash_manager', function (require) {
"use strict";

/**
 * Refusals read as what they are. A business rule that refuses an action
 * (UserError, ValidationError, Warning) or a right the user lacks
 * (AccessError) is shown as a warning titled in the user's language, with
 * the server's message; Odoo 11 titles them "Odoo Server Error - Validation
 * Error", which staff read as a crash. Real server errors keep their title
 * and traceback.
 */
var core = require('web.core');
var CrashManager = require('web.CrashManager');

var _t = core._t;

var REFUSAL_TYPES = ['user_error', 'warning', 'validation_error', 'access_error'];

CrashManager.include({
    /**
     * @override
     */
    rpc_error: function (error) {
        var data = error && error.data;
        if (!this.active || this.connection_lost || !data ||
                !_.contains(REFUSAL_TYPES, data.exception_type) ||
                core.crash_registry.get(data.name, true)) {
            return this._super.apply(this, arguments);
        }
        var title = data.exception_type === 'access_error' ? _t("Access Error") : _t("Warning");
        var message = data.arguments && data.arguments.length ? data.arguments[0] : data.message;
        return this.show_warning(_.extend({}, error, {
            type: title,
            message: title,
            data: _.extend({}, data, {message: message, title: ''}),
        }));
    },
});

});
