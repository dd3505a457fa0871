/** The JSON Schema of doclint.config.json (written to schema.json by `npm run generate`). */

/** What the schema needs to know about a rule. */
export interface SchemaRule {
  meta: {id: string; description?: string; options?: Record<string, unknown>}
}

const stringList = {type: 'array', items: {type: 'string'}}
// `warning` is what every report prints, so it is accepted too (an alias of `warn`).
const severity = {enum: ['off', 'info', 'warn', 'warning', 'error']}

/** The JSON Schema (draft-07) of the config file, with one entry per rule. */
export function configSchema(rules: readonly SchemaRule[] = []): Record<string, unknown> {
  const ruleProperties: Record<string, unknown> = {}
  for (const rule of [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
    const options = {
      type: 'object',
      properties: rule.meta.options ?? {},
      additionalProperties: false
    }
    ruleProperties[rule.meta.id] = {
      ...(rule.meta.description === undefined ? {} : {description: rule.meta.description}),
      oneOf: [
        severity,
        {
          type: 'array',
          items: [severity, options],
          minItems: 1,
          maxItems: 2,
          additionalItems: false
        }
      ]
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/doclint/doclint/schema.json',
    title: 'doclint configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: {type: 'string'},
      root: {type: 'string', description: 'The Sphinx source folder, relative to this file.'},
      sphinx: {
        type: 'object',
        description: 'Overrides for what conf.py says or what the static read could not see.',
        additionalProperties: false,
        properties: {
          rootDoc: {type: 'string'},
          sourceSuffix: {type: 'object', additionalProperties: {type: 'string'}},
          excludePatterns: stringList,
          includePatterns: stringList,
          extensions: stringList,
          defaultRole: {type: 'string'},
          numfig: {type: 'boolean'},
          mystHeadingAnchors: {type: 'integer', minimum: 0, maximum: 6},
          tags: {
            type: 'array',
            items: {type: 'string', pattern: '^\\S+$'},
            description:
              'The sphinx-build -t tags of the build: conf.py sees them as `tags`, `.. only::` tests them.'
          },
          version: {enum: ['8', '5.3'], default: '8'},
          warningsAreErrors: {
            type: 'boolean',
            description:
              "Whether the build turns Sphinx warnings into errors (sphinx-build -W). Unset: as the build found in the project's build files (Makefile, automake, meson, tox.ini, noxfile.py, .readthedocs.yaml, CI workflows) does."
          }
        }
      },
      ignore: {...stringList, description: 'Globs (relative to the tree root) never reported on.'},
      rules: {type: 'object', additionalProperties: false, properties: ruleProperties},
      manifests: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['file', 'variables'],
          properties: {
            file: {type: 'string'},
            variables: stringList,
            covers: stringList,
            ignore: stringList
          }
        }
      },
      extensions: {
        type: 'object',
        description:
          'What Sphinx extensions doclint does not model add, by module name: labels, terms, directives, and whether they set up sphinx.ext.intersphinx.',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            labels: {...stringList, description: 'Labels it defines (:ref: targets).'},
            terms: {...stringList, description: 'Glossary terms it defines (:term: targets).'},
            directives: {...stringList, description: 'Directives it registers.'},
            intersphinx: {
              type: 'boolean',
              description:
                "Whether its setup() calls app.setup_extension('sphinx.ext.intersphinx')."
            }
          }
        }
      },
      intersphinx: {
        type: 'object',
        additionalProperties: false,
        properties: {
          offline: {
            type: 'boolean',
            description:
              'Read intersphinx inventories only from the cache and from files in the tree (as --offline).'
          }
        }
      },
      literalDirectives: stringList,
      rstDirectives: stringList,
      limits: {
        type: 'object',
        additionalProperties: false,
        properties: {
          maxFileSize: {type: 'integer', minimum: 1},
          maxPatchSize: {type: 'integer', minimum: 1},
          maxMimeSize: {type: 'integer', minimum: 1},
          maxPatches: {type: 'integer', minimum: 1},
          maxElements: {type: 'integer', minimum: 1},
          maxBlockElements: {type: 'integer', minimum: 1},
          maxIncludedElements: {type: 'integer', minimum: 1},
          maxSeriesDocuments: {type: 'integer', minimum: 1},
          maxFindings: {type: 'integer', minimum: 1}
        }
      }
    }
  }
}
