/* CKAN core's jQuery.url.slugify maps letters through a fixed table and turns the others
 * into hyphens: "Danh sách trường học" became "danh-s-ch-tr-ng-h-c". Fold the tones and
 * marks first (NFD, drop combining marks; đ/Đ → d/D), as huedata's name validator does on
 * the server, then let core do the rest. */
(function ($) {
  'use strict';
  if (!$ || !$.url || !$.url.slugify || $.url.slugify.huedataFolded) {
    return;
  }
  var coreSlugify = $.url.slugify;
  var fold = function (text) {
    return String(text || '')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/\u0111/g, 'd')
      .replace(/\u0110/g, 'D');
  };
  $.url.slugify = function (string, trim) {
    return coreSlugify.call(this, fold(string), trim);
  };
  $.url.slugify.huedataFolded = true;
  $.url.fold = fold;
}(window.jQuery));
