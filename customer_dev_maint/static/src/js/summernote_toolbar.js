odoo.define('customer_dev_maint.summernote_toolbar', function (require) {
"use strict";

/**
 * The font size button of an HTML editor (an update notice's body, a
 * ticket's description) reads the size of the text, not "NaN".
 *
 * The web client builds a form before it puts it in the page, and the editor
 * measures its font size as soon as it is built: outside the page an element
 * has no computed style, summernote's parseInt('') is NaN and the toolbar
 * showed it until the cursor was put in the text. A size that could not be
 * measured is measured again when the editor is first on screen, on the text
 * where the cursor goes first (the start of the body).
 */
require('web_editor.summernote');

var editor = $.summernote.eventHandler.modules.editor;
var toolbar = $.summernote.eventHandler.modules.toolbar;
var update = toolbar.button.update;

/**
 * @param {Element} editable
 * @returns {Element} the element of the body's first text (or its first line)
 */
function firstTextElement(editable) {
    var walker = document.createTreeWalker(editable, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
            return /\S/.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
        },
    });
    var text = walker.nextNode();
    return text ? text.parentNode : (editable.firstElementChild || editable);
}

/**
 * Calls back once the element is on screen (in the page and not hidden).
 *
 * @param {Element} element
 * @param {function} callback
 */
function whenShown(element, callback) {
    var observer = new IntersectionObserver(function (entries) {
        if (_.some(entries, function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            callback();
        }
    });
    observer.observe(element);
}

toolbar.button.update = function ($toolbar, styleInfo) {
    update.apply(this, arguments);
    if (!_.isNaN(styleInfo['font-size'])) {
        return;
    }
    var $editable = $toolbar.closest('.note-editor').find('.note-editable').first();
    var editable = $editable[0];
    $toolbar.find('.note-current-fontsize').text('');
    if (!editable || $.contains(document.documentElement, editable) ||
            !window.IntersectionObserver || $editable.data('cdm_size_pending')) {
        return;
    }
    $editable.data('cdm_size_pending', true);
    whenShown(editable, function () {
        $editable.removeData('cdm_size_pending');
        toolbar.update($toolbar, editor.styleFromNode($(firstTextElement(editable))));
    });
};

});
