/// The storage interface: everything CityGrid keeps, as the composition of one protocol per
/// concern, so that a backend (SQLite and memory today, PostgreSQL later) can be swapped without
/// touching the domain:
///
/// - ``CityConfigurationStore``: the city's configuration and its version;
/// - ``IdentityStore``: users and tokens;
/// - ``CaseStore``: cases, events, notifications, the clock's due list, the change feed;
/// - ``MediaMetadataStore``: the metadata of uploads;
/// - ``ChangeLogStore``: the change log read by cursor;
/// - ``LeaseStore``: leases for singleton jobs;
/// - ``ApiKeyStore``: outside clients' keys;
/// - ``NoticeStore``: inboxes, notice preferences, the outbox of e-mail and SMS, their cursors;
/// - ``DelegationStore``: delegations of power and their revocations;
/// - ``PointsStore``: the incentive points ledger and rewards;
/// - ``PersonalDataAuditStore``: the append-only audit of staff reads of personal data;
/// - ``AccountClosureStore``: closing a citizen's account in one write.
///
/// Every method states its own contract; the contract test suite (`CityGridStoreContractTests`)
/// runs unchanged against every backend. Besides the refusals each method names, a store maps its
/// own failures to ``DomainError``s (``StoreFailure``): a store too busy to answer is `unavailable`
/// (`store_busy`), a write breaking a uniqueness or reference rule is a `conflict`.
///
/// Domain rules are not the store's: it applies the core's pure rules (``DuplicateRule``,
/// ``ClockRule``, ``MergeRule``, ``NotificationRecipients``, ``GridReplacement``,
/// ``WorkflowReplacement``) to the facts it reads in its transactions.
public protocol CityStore: CityConfigurationStore, IdentityStore, CaseStore, MediaMetadataStore, ChangeLogStore, LeaseStore, ApiKeyStore,
    NoticeStore, DelegationStore, PointsStore, PersonalDataAuditStore, AccountClosureStore {}
