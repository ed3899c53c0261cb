/**
 * What a run writes for people to read: the self-contained training report page, its charts
 * (XChart) and tables, for the page and for the terminal. Uses {@code cli.pictures} for the
 * images it embeds; knows nothing of the commands.
 */
package org.convnet4j.cli.report;
