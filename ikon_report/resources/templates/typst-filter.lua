-- Pandoc Lua filter for the typst route: turns the pipeline's styled Divs into calls of
-- functions defined in the typst template. It writes only the constant strings below, never an
-- attribute or a text: images, record ids, dates, page references, illustrative marks and
-- everything else that reaches typst source from data or Markdown are prepared in Python
-- (ikon_report/escaping.py, the one escaping path).
local wrappers = { ['illustrative-legend'] = 'ikon-legend', warning = 'ikon-note', profile = 'ikon-profile',
                   landscape = 'ikon-landscape', keyvalue = 'ikon-keyvalue', pagebreak = 'ikon-pagebreak',
                   ['paper-head'] = 'ikon-paper-head', ['paper-type'] = 'ikon-paper-type',
                   ['easy-entry'] = 'ikon-easy-entry', ['easy-line'] = 'ikon-easy-line',
                   ['easy-pictogram'] = 'ikon-easy-pictogram', ['easy-subtitle'] = 'ikon-easy-subtitle',
                   ['easy-back'] = 'ikon-easy-back' }

function Div(div)
  for _, class in ipairs(div.classes) do
    local fn = wrappers[class]
    if fn then
      local out = { pandoc.RawBlock('typst', '#' .. fn .. '[') }
      for _, block in ipairs(div.content) do table.insert(out, block) end
      table.insert(out, pandoc.RawBlock('typst', ']'))
      return out
    end
  end
  if #div.classes == 0 and div.identifier == '' and div.attributes['custom-style'] then
    return div.content  -- a Word paragraph style only: the template styles these blocks itself
  end
end

-- Columns without an explicit alignment are left-aligned (pandoc centres the whole table,
-- and typst's `auto` would inherit that centring into the cells).
function Table(tbl)
  for i, spec in ipairs(tbl.colspecs) do
    if spec[1] == 'AlignDefault' then
      tbl.colspecs[i] = { 'AlignLeft', spec[2] }
    end
  end
  return tbl
end
