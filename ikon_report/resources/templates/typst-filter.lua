-- Pandoc Lua filter for the typst route.
-- Keeps image alt text (pandoc's typst writer drops it; PDF/UA needs it) and turns
-- the pipeline's styled Divs into calls of functions defined in the typst template.
local function esc(s)
  return (s:gsub('\\', '\\\\'):gsub('"', '\\"'))
end

function Image(img)
  local alt = pandoc.utils.stringify(img.caption)
  local width = img.attributes.width and (', width: ' .. img.attributes.width) or ''
  return pandoc.RawInline('typst',
    '#image("' .. esc(img.src) .. '", alt: "' .. esc(alt) .. '"' .. width .. ')')
end

local wrappers = { ['illustrative-legend'] = 'ikon-legend', warning = 'ikon-note', profile = 'ikon-profile',
                   landscape = 'ikon-landscape', keyvalue = 'ikon-keyvalue', pagebreak = 'ikon-pagebreak' }

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
end

-- Record ids (Span.id) and dates (Span.nobreak) never break; the illustrative mark is set small.
function Span(span)
  if span.classes:includes('pageref') then
    return pandoc.RawInline('typst', '#ikon-pageref(label("' .. esc(span.attributes.target) .. '"), "'
      .. esc(span.attributes.prefix or '') .. '")')
  end
  if span.classes:includes('illustrative-mark') then
    local out = { pandoc.RawInline('typst', '#ikon-mark[') }
    for _, inline in ipairs(span.content) do table.insert(out, inline) end
    table.insert(out, pandoc.RawInline('typst', ']'))
    return out
  end
  if span.classes:includes('id') or span.classes:includes('nobreak') then
    local out = { pandoc.RawInline('typst', '#box[') }
    for _, inline in ipairs(span.content) do table.insert(out, inline) end
    local label = span.identifier ~= '' and ('<' .. span.identifier .. '>') or ''
    table.insert(out, pandoc.RawInline('typst', ']' .. label))
    return out
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
